using BuildingBlocks.Contracts;
using BuildingBlocks.Messaging;
using BuildingBlocks.Modules;
using BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Events;

public sealed record Pinged(int Number) : IIntegrationEvent;

/// <summary>The publishing module: only its outbox.</summary>
internal sealed class SenderDbContext(DbContextOptions<SenderDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddBuildingBlocksTables();
}

/// <summary>The subscribing module: its inbox and one row per event handled.</summary>
internal sealed class ReceiverDbContext(DbContextOptions<ReceiverDbContext> options) : DbContext(options)
{
    public DbSet<Pong> Pongs => Set<Pong>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddBuildingBlocksTables();
        modelBuilder.Entity<Pong>().HasKey(p => p.Id);
    }
}

internal sealed class Pong
{
    public Guid Id { get; init; }
    public int Number { get; init; }
}

internal sealed class RecordPong(ReceiverDbContext db) : IIntegrationEventHandler<Pinged>
{
    public async Task Handle(Pinged integrationEvent, Guid eventId, CancellationToken cancellationToken)
    {
        db.Pongs.Add(new Pong { Id = Guid.NewGuid(), Number = integrationEvent.Number });
        await db.SaveChangesAsync(cancellationToken);
    }
}

internal sealed class SenderModule : IModule
{
    public string Name => "Sender";

    public void AddServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddModuleDbContext<SenderDbContext>(Name, configuration, environment);
        services.AddModuleEvents<SenderDbContext>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}

internal sealed class ReceiverModule : IModule
{
    public string Name => "Receiver";

    public void AddServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddModuleDbContext<ReceiverDbContext>(Name, configuration, environment);
        services.AddModuleEvents<ReceiverDbContext>();
    }

    public void Subscribe(EventSubscriptions events) => events.Subscribe<Pinged, RecordPong>();

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
