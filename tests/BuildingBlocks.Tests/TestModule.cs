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
