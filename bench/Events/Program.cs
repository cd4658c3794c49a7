using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BuildingBlocks.Messaging;
using BuildingBlocks.Messaging.RabbitMq;
using BuildingBlocks.Modules;
using Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

// usage: Events monolith|rabbitmq|publisher [--events 2000] [--rabbitmq amqp://...]
// monolith: a Sender and a Receiver module in one process on SQLite; rabbitmq: each in its own host, events through
// the broker. Publishes --events events in transactions of 50 and times from the first commit until the Receiver
// handled them all. publisher: raw RabbitMQ.Client, one confirm awaited per message against batches of 100.
// Prints one JSON object.
var mode = args.FirstOrDefault() ?? "monolith";
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

var count = int.Parse(options.GetValueOrDefault("events", "2000"), CultureInfo.InvariantCulture);
var broker = options.GetValueOrDefault("rabbitmq");
var folder = Path.Combine(Path.GetTempPath(), "shop-bench-events", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
try
{
    var result = mode switch
    {
        "monolith" => await EndToEnd(folder, count, null),
        "rabbitmq" => await EndToEnd(folder, count, broker ?? throw new ArgumentException("--rabbitmq is required")),
        "publisher" => await Publisher(broker ?? throw new ArgumentException("--rabbitmq is required"), count),
        _ => throw new ArgumentException($"unknown mode {mode}"),
    };
    Console.WriteLine(JsonSerializer.Serialize(result));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

static async Task<object> EndToEnd(string folder, int count, string? broker)
{
    var prefix = $"bench-{Guid.NewGuid():N}.";
    IModule[] all = [new SenderModule(), new ReceiverModule()];
    var hosts = broker is null
        ? [Build(folder, all, all, null, prefix)]
        : new[] { Build(folder, all, [all[0]], broker, prefix), Build(folder, all, [all[1]], broker, prefix) };
    foreach (var host in hosts)
    {
        await using var scope = host.Services.CreateAsyncScope();
        foreach (var db in scope.ServiceProvider.GetServices<BuildingBlocks.Persistence.ModuleDatabase>()
            .Select(m => (DbContext)scope.ServiceProvider.GetRequiredService(m.ContextType)))
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    foreach (var host in hosts)
    {
        await host.StartAsync();
    }

    var sender = hosts[0].Services;
    var receiver = hosts[^1].Services;
    // Warm-up: one event through the whole path (queries compiled, connections open).
    await Publish(sender, 0, 1);
    await Until(receiver, 1, TimeSpan.FromSeconds(60));

    var clock = Stopwatch.StartNew();
    for (var n = 1; n <= count; n += 50)
    {
        await Publish(sender, n, Math.Min(50, count - n + 1));
    }

    var published = clock.Elapsed.TotalSeconds;
    await Until(receiver, count + 1, TimeSpan.FromMinutes(5));
    var elapsed = clock.Elapsed.TotalSeconds;
    foreach (var host in hosts)
    {
        await host.StopAsync();
        host.Dispose();
    }

    return new
    {
        mode = broker is null ? "monolith" : "rabbitmq",
        events = count,
        seconds = Math.Round(elapsed, 3),
        eventsPerSecond = Math.Round(count / elapsed, 1),
        publishSeconds = Math.Round(published, 3),
    };
}

static IHost Build(string folder, IModule[] all, IModule[] enabled, string? broker, string prefix)
{
    var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:DataDirectory"] = folder,
        ["Messaging:RabbitMq:Uri"] = broker,
        ["Messaging:RabbitMq:Prefix"] = prefix,
    });
    builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
    builder.Services.AddSingleton(TimeProvider.System);
    EventsWiring.Add(builder, all, enabled);
    return builder.Build();
}

static async Task Publish(IServiceProvider services, int first, int count)
{
    await using var scope = services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<SenderDbContext>();
    for (var i = 0; i < count; i++)
    {
        db.AddIntegrationEvent(new Pinged(first + i));
    }

    await db.SaveChangesAsync();
}

static async Task Until(IServiceProvider services, int count, TimeSpan timeout)
{
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<ReceiverDbContext>().Pongs.CountAsync() >= count)
            {
                return;
            }
        }

        if (deadline.Elapsed > timeout)
        {
            throw new TimeoutException($"fewer than {count} events handled after {timeout}");
        }

        await Task.Delay(5);
    }
}

static async Task<object> Publisher(string broker, int count)
{
    var factory = new ConnectionFactory { Uri = new Uri(broker) };
    await using var connection = await factory.CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
    var queue = $"bench-publisher-{Guid.NewGuid():N}";
    await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: true);
    var body = new byte[200];
    var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, body);
    }

    var single = clock.Elapsed.TotalSeconds;
    clock.Restart();
    foreach (var batch in Enumerable.Range(0, count).Chunk(100))
    {
        var pending = new List<Task>(batch.Length);
        foreach (var _ in batch)
        {
            pending.Add(channel.BasicPublishAsync("", queue, mandatory: true, properties, body).AsTask());
        }

        foreach (var publish in pending)
        {
            await publish;
        }
    }

    var batched = clock.Elapsed.TotalSeconds;
    await channel.QueueDeleteAsync(queue);
    return new
    {
        mode = "publisher",
        messages = count,
        oneConfirmPerMessagePerSecond = Math.Round(count / single, 1),
        batchedConfirmsPerSecond = Math.Round(count / batched, 1),
    };
}
