using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildingBlocks.Tests;

/// <summary>
/// One process of a pretend "Shipping" module, registered the way a real module registers itself:
/// its DbContext on a SQLite file in <paramref name="dataDirectory"/>, its outbox relay, its subscriber.
/// Two nodes on one folder are two instances of the module; disposing one and creating another is a restart.
/// </summary>
internal sealed class ShippingNode(IHost host) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;

    public static ShippingNode Create(
        string dataDirectory,
        DeliveryLog log,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        // Spelled out: `Host` alone is the Host project's namespace, referenced for its DeadLetters.
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(
            new HostApplicationBuilderSettings { ContentRootPath = dataDirectory });
        var defaults = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = dataDirectory,
            // Far longer than any wait in these tests: delivery within seconds proves the commit woke the relay.
            ["Messaging:PollInterval"] = "00:00:30",
            ["Messaging:FirstRetryDelay"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(defaults);
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(log);
        builder.Services.AddModuleDbContext<ShippingDbContext>("Shipping", builder.Configuration, builder.Environment);
        builder.Services.AddModuleEvents<ShippingDbContext>();
        builder.Services.AddEventSubscriptions("Shipping", e => e.Subscribe<ParcelShipped, RecordShipment>());
        configure?.Invoke(builder.Services);
        return new ShippingNode(builder.Build());
    }

    /// <summary>Creates the schema (no migrations in a test model) and switches the file to WAL, as <c>migrate</c>
    /// does.</summary>
    public async Task CreateDatabaseAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    public Task StartAsync() => host.StartAsync();

    /// <summary>Saves events in one transaction, as a feature does with its state change, then commits or rolls
    /// back.</summary>
    public async Task PublishAsync(bool commit, params string[] parcels)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var parcel in parcels)
        {
            db.AddIntegrationEvent(new ParcelShipped(parcel));
        }

        await db.SaveChangesAsync();
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    public Task PublishAsync(params string[] parcels) => PublishAsync(true, parcels);

    /// <summary>Saves events with no transaction of the caller's: the save is the commit.</summary>
    public async Task SaveAsync(params string[] parcels)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
        foreach (var parcel in parcels)
        {
            db.AddIntegrationEvent(new ParcelShipped(parcel));
        }

        await db.SaveChangesAsync();
    }

    public Task<T> QueryAsync<T>(Func<ShippingDbContext, Task<T>> query) => QueryCore(query);

    public Task<int> ShipmentsOf(string parcel) => QueryCore(db => db.Shipments.CountAsync(s => s.Parcel == parcel));

    /// <summary>Waits until the inbox holds no pending row: every event handed over has been handled (or is
    /// dead).</summary>
    public Task InboxDrainedAsync() => Eventually.Until(
        () => QueryCore(db => db.Set<InboxMessage>().CountAsync(m => m.Status == InboxStatus.Pending)),
        n => n == 0,
        TimeSpan.FromSeconds(20),
        "the inbox is drained");

    public Task<InboxMessage?> InboxRowOf(string parcel, string consumer) =>
        QueryCore(db => db.Set<InboxMessage>().AsNoTracking()
            .FirstOrDefaultAsync(m => m.Consumer == consumer && m.Payload.Contains($"\"{parcel}\"")));

    public Task<OutboxMessage?> OutboxRowOf(string parcel) =>
        QueryCore(
            db => db.Set<OutboxMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Payload.Contains($"\"{parcel}\"")));

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    private async Task<T> QueryCore<T>(Func<ShippingDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ShippingDbContext>());
    }
}

/// <summary>A temporary folder for one test's database files, removed afterwards.</summary>
internal sealed class DataFolder : IDisposable
{
    public string Path { get; }
        = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "shop-bb-tests", Guid.NewGuid().ToString("N"));

    public DataFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pool of another test: the OS temp cleaner gets it.
        }
    }
}
