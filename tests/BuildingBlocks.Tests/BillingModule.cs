using System.Collections.Concurrent;
using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

namespace BuildingBlocks.Tests;

/// <summary>A second module, "Billing", in the same process as Shipping: its own database, its own inbox processor and
/// its own handler of <see cref="ParcelShipped"/>.</summary>
internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddBuildingBlocksTables();
        modelBuilder.Entity<Invoice>().HasKey(i => i.Id);
    }

    /// <summary>Registers Billing on <paramref name="dataDirectory"/> in a Shipping node's process; every invoice
    /// written is also put in <paramref name="billed"/> with the time it was written.</summary>
    public static Action<IServiceCollection> In(
        string dataDirectory, ConcurrentQueue<(string Parcel, DateTime At)> billed) => services =>
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:DataDirectory"] = dataDirectory })
                .Build();
            var environment = new HostingEnvironment { ContentRootPath = dataDirectory, EnvironmentName = "Test" };
            services.AddModuleDbContext<BillingDbContext>("Billing", configuration, environment);
            services.AddModuleEvents<BillingDbContext>();
            services.AddSingleton(billed);
            services.AddEventSubscriptions("Billing", e => e.Subscribe<ParcelShipped, BillParcel>());
        };
}

internal sealed class Invoice
{
    public Guid Id { get; init; }
    public Guid EventId { get; init; }
    public required string Parcel { get; init; }
}

/// <summary>Billing's handler: one invoice per parcel shipped; it never fails.</summary>
internal sealed class BillParcel(BillingDbContext db, ConcurrentQueue<(string Parcel, DateTime At)> billed)
    : IIntegrationEventHandler<ParcelShipped>
{
    public async Task Handle(ParcelShipped integrationEvent, Guid eventId, CancellationToken cancellationToken)
    {
        db.Invoices.Add(new Invoice { Id = Guid.NewGuid(), EventId = eventId, Parcel = integrationEvent.Parcel });
        await db.SaveChangesAsync(cancellationToken);
        billed.Enqueue((integrationEvent.Parcel, DateTime.UtcNow));
    }
}
