using System.Collections.Concurrent;
using BuildingBlocks.Contracts;
using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Tests;

/// <summary>A module's database as BuildingBlocks sees it: its own tables plus outbox, inbox and idempotency.</summary>
internal sealed class ShippingDbContext(DbContextOptions<ShippingDbContext> options) : DbContext(options)
{
    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddBuildingBlocksTables();
        modelBuilder.Entity<Shipment>().HasKey(s => s.Id);
    }
}

/// <summary>The effect of handling <see cref="ParcelShipped"/>: one row per event applied.</summary>
internal sealed class Shipment
{
    public Guid Id { get; init; }
    public Guid EventId { get; init; }
    public required string Parcel { get; init; }
}

public sealed record ParcelShipped(string Parcel) : IIntegrationEvent;

/// <summary>What the subscriber saw, shared with the test: every attempt, and which ones must fail.</summary>
internal sealed class DeliveryLog
{
    public ConcurrentQueue<(string Parcel, DateTime At)> Attempts { get; } = new();

    /// <summary>Parcels whose next <c>n</c> deliveries throw.</summary>
    public ConcurrentDictionary<string, int> FailuresToGo { get; } = new();

    public int AttemptsOf(string parcel) => Attempts.Count(a => a.Parcel == parcel);
}

/// <summary>Writes its effect, then (when told to) fails: the inbox transaction must roll the effect back.</summary>
internal sealed class RecordShipment(ShippingDbContext db, DeliveryLog log) : IIntegrationEventHandler<ParcelShipped>
{
    public async Task Handle(ParcelShipped integrationEvent, Guid eventId, CancellationToken cancellationToken)
    {
        log.Attempts.Enqueue((integrationEvent.Parcel, DateTime.UtcNow));
        db.Shipments.Add(new Shipment { Id = Guid.NewGuid(), EventId = eventId, Parcel = integrationEvent.Parcel });
        await db.SaveChangesAsync(cancellationToken);

        if (log.FailuresToGo.TryGetValue(integrationEvent.Parcel, out var left) && left > 0)
        {
            log.FailuresToGo[integrationEvent.Parcel] = left - 1;
            throw new InvalidOperationException($"Carrier unavailable for {integrationEvent.Parcel}.");
        }
    }
}

/// <summary>What a <see cref="ProbeHandler"/> of one node does with an event, before its inbox row commits.</summary>
internal sealed class Probe(string node, Func<string, Guid, string, CancellationToken, Task> onHandle)
{
    public Task Handle(string parcel, Guid eventId, CancellationToken cancellationToken) =>
        onHandle(parcel, eventId, node, cancellationToken);

    /// <summary>Registers the node's probe as a second handler of <see cref="ParcelShipped"/>.</summary>
    public static Action<Microsoft.Extensions.DependencyInjection.IServiceCollection> On(
        string node, Func<string, Guid, string, CancellationToken, Task> onHandle) => services =>
    {
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(
            services, new Probe(node, onHandle));
        services.AddEventSubscriptions("Shipping", e => e.Subscribe<ParcelShipped, ProbeHandler>());
    };
}

internal sealed class ProbeHandler(Probe probe) : IIntegrationEventHandler<ParcelShipped>
{
    public const string Consumer = "BuildingBlocks.Tests.ProbeHandler";

    public Task Handle(ParcelShipped integrationEvent, Guid eventId, CancellationToken cancellationToken) =>
        probe.Handle(integrationEvent.Parcel, eventId, cancellationToken);
}
