using System.Collections.Concurrent;
using System.Diagnostics;
using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BuildingBlocks.Tests;

/// <summary>The outbox relay and the inbox, on a real SQLite file, with the registrations a module uses.</summary>
public sealed class OutboxRelayTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);
    private readonly DataFolder _folder = new();
    private readonly DeliveryLog _log = new();

    [Fact]
    public async Task Event_committed_in_a_transaction_is_delivered_promptly_after_commit()
    {
        await using var node = await StartedNode();
        await node.PublishAsync("warm-up");
        await Eventually.Until(() => node.ShipmentsOf("warm-up"), n => n == 1, Soon, "the relay runs");

        // The relay now waits for a wake-up, with a 30 s poll interval: only the commit can wake it within 10 s.
        var clock = Stopwatch.StartNew();
        await node.PublishAsync("P-1");
        await Eventually.Until(() => node.ShipmentsOf("P-1"), n => n == 1, Soon, "the commit wakes the relay");

        output.WriteLine($"Delivered {clock.ElapsedMilliseconds} ms after commit");
        // The subscriber commits its effect before the relay marks the row: the mark follows within the same pass.
        await Eventually.Until(
            () => node.OutboxRowOf("P-1"),
            m => m?.ProcessedAt is not null,
            Soon,
            "the relay marks the row processed");
    }

    [Fact]
    public async Task Event_saved_without_a_transaction_is_delivered_promptly_after_the_save()
    {
        await using var node = await StartedNode();
        await node.PublishAsync("warm-up");
        await Eventually.Until(() => node.ShipmentsOf("warm-up"), n => n == 1, Soon, "the relay runs");

        // With a 30 s poll interval only the save can wake the relay within 10 s: one row (one statement, so EF
        // opens no transaction), then three rows in one save (in a transaction EF opens and commits itself).
        await node.SaveAsync("S-1");
        await Eventually.Until(() => node.ShipmentsOf("S-1"), n => n == 1, Soon, "the save wakes the relay");
        await node.SaveAsync("S-2", "S-3", "S-4");
        await Eventually.Until(() => node.ShipmentsOf("S-4"), n => n == 1, Soon, "the save wakes the relay");
    }

    [Fact]
    public async Task Failing_subscriber_is_retried_with_backoff_and_its_effect_applied_once()
    {
        _log.FailuresToGo["P-2"] = 2;
        await using var node = await StartedNode(
            new() { ["Messaging:PollInterval"] = "00:00:00.050", ["Messaging:FirstRetryDelay"] = "00:00:00.300" });

        await node.PublishAsync("P-2");
        // The handler's retries are the receiving inbox's: its row counts them.
        var row = await Eventually.Until(
            () => node.InboxRowOf("P-2", typeof(RecordShipment).FullName!),
            m => m?.Status == InboxStatus.Handled,
            Soon,
            "the third attempt succeeds");

        var attempts = _log.Attempts.Where(a => a.Parcel == "P-2").Select(a => a.At).ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.True(
            attempts[1] - attempts[0] >= TimeSpan.FromMilliseconds(300),
            $"first retry after {attempts[1] - attempts[0]}");
        Assert.True(
            attempts[2] - attempts[1] >= TimeSpan.FromMilliseconds(600),
            $"second retry after {attempts[2] - attempts[1]}");
        Assert.Equal(2, row!.Attempts);
        Assert.Null(row.LastError);
        Assert.Equal(1, await node.ShipmentsOf("P-2"));
        Assert.Equal(1, await node.QueryAsync(
            db => db.Set<InboxMessage>().CountAsync(m => m.EventId == row.EventId)));
    }

    [Fact]
    public async Task Redelivered_event_is_not_applied_twice()
    {
        await using var node = await StartedNode(new() { ["Messaging:PollInterval"] = "00:00:00.050" });
        await node.PublishAsync("P-3");
        var row = await Eventually.Until(
            () => node.OutboxRowOf("P-3"),
            m => m?.ProcessedAt is not null,
            Soon,
            "delivered once");

        // As if the relay died after the subscriber committed but before it marked the row processed.
        await node.QueryAsync(db => db.Set<OutboxMessage>().Where(m => m.Id == row!.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, (DateTime?)null)));
        await Eventually.Until(() => node.OutboxRowOf("P-3"), m => m?.ProcessedAt is not null, Soon, "relayed again");
        await node.InboxDrainedAsync();

        Assert.Equal(1, _log.AttemptsOf("P-3"));
        Assert.Equal(1, await node.ShipmentsOf("P-3"));
    }

    [Fact]
    public async Task Event_committed_while_no_relay_runs_is_delivered_when_one_starts()
    {
        await using (var stopped = ShippingNode.Create(_folder.Path, _log))
        {
            await stopped.CreateDatabaseAsync();
            await stopped.PublishAsync("P-4");
            Assert.Null((await stopped.OutboxRowOf("P-4"))!.ProcessedAt);
        }

        await using var restarted = ShippingNode.Create(_folder.Path, _log);
        await restarted.StartAsync();

        await Eventually.Until(
            () => restarted.ShipmentsOf("P-4"),
            n => n == 1,
            Soon,
            "the new relay picks up the backlog");
    }

    [Fact]
    public async Task Two_relays_on_one_database_never_deliver_a_message_twice()
    {
        var deliveries = new ConcurrentQueue<(Guid EventId, string Node)>();
        var fastPolling = new Dictionary<string, string?>
        {
            ["Messaging:PollInterval"] = "00:00:00.010",
            ["Messaging:BatchSize"] = "5",
        };
        await using var writer = ShippingNode.Create(_folder.Path, _log);
        await writer.CreateDatabaseAsync();
        await using var first = ShippingNode.Create(_folder.Path, _log, fastPolling, Recording("first", deliveries));
        await using var second = ShippingNode.Create(_folder.Path, _log, fastPolling, Recording("second", deliveries));
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        var parcels = Enumerable.Range(1, 100).Select(i => $"L-{i}").ToArray();
        foreach (var chunk in parcels.Chunk(20))
        {
            await writer.PublishAsync(chunk);
        }

        await Eventually.Until(
            () => writer.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.ProcessedAt == null)),
            n => n == 0,
            TimeSpan.FromSeconds(20),
            "all relayed");
        await Eventually.Until(
            () => writer.QueryAsync(db => db.Set<InboxMessage>().CountAsync(m => m.Status != InboxStatus.Handled)),
            n => n == 0,
            TimeSpan.FromSeconds(20),
            "all handled");

        var perNode = deliveries.GroupBy(d => d.Node).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(
            $"Delivered by first: {perNode.GetValueOrDefault("first")}, "
            + $"by second: {perNode.GetValueOrDefault("second")}");
        Assert.Equal(parcels.Length, deliveries.Count);
        Assert.Equal(parcels.Length, deliveries.Select(d => d.EventId).Distinct().Count());
        Assert.Equal(parcels.Length, await writer.QueryAsync(db => db.Shipments.CountAsync()));
    }

    [Fact]
    public async Task Event_of_a_rolled_back_transaction_is_never_delivered()
    {
        await using var node = await StartedNode();
        await node.PublishAsync(commit: false, "ROLLED-BACK");
        await node.PublishAsync("AFTER");

        // Outbox rows are relayed in id (time) order: once the later event arrived, the earlier one would have too.
        await Eventually.Until(() => node.ShipmentsOf("AFTER"), n => n == 1, Soon, "the committed event is delivered");
        Assert.Equal(0, _log.AttemptsOf("ROLLED-BACK"));
        Assert.Null(await node.OutboxRowOf("ROLLED-BACK"));
    }

    [Fact]
    public async Task Events_for_an_unreachable_broker_wait_without_spending_attempts_and_all_go_when_it_returns()
    {
        var broker = new SwitchableBroker(OutboxExtensions.EventTypeName(typeof(ParcelShipped)));
        await using var node = await StartedNode(new() { ["Messaging:PollInterval"] = "00:00:00.020" }, s => s
            .AddSingleton<BuildingBlocks.Messaging.RabbitMq.IEventBroker>(broker)
            // A module running elsewhere subscribes too: the events go to the broker as well.
            .AddEventSubscriptions("Elsewhere", e => e.Subscribe<ParcelShipped, RecordShipment>()));

        await node.PublishAsync("B-1", "B-2", "B-3");
        var checks = broker.ReachabilityChecks;
        await Eventually.Until(
            () => Task.FromResult(broker.ReachabilityChecks),
            n => n >= checks + 10,
            Soon,
            "the relay keeps polling");
        var waiting = await node.QueryAsync(db => db.Set<OutboxMessage>().ToListAsync());
        var localDeliveriesWhileDown = _log.AttemptsOf("B-1") + _log.AttemptsOf("B-2") + _log.AttemptsOf("B-3");

        // "Reachable" again, but the connection attempt fails twice: still the broker's fault, not the events'.
        broker.UnavailableToGo = 2;
        broker.Reachable = true;
        await Eventually.Until(
            () => node.QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.ProcessedAt == null)),
            n => n == 0,
            Soon,
            "all relayed");
        var relayed = await node.QueryAsync(db => db.Set<OutboxMessage>().ToListAsync());
        await node.InboxDrainedAsync();

        Assert.All(waiting, m => Assert.True(m.ProcessedAt is null && m.Attempts == 0));
        Assert.Equal(0, localDeliveriesWhileDown);
        Assert.Equal(3, broker.Published.Count);
        Assert.All(relayed, m => Assert.Equal(0, m.Attempts));
        Assert.Equal(1, await node.ShipmentsOf("B-1"));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<ShippingNode> StartedNode(
        Dictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var node = ShippingNode.Create(_folder.Path, _log, settings, configure);
        await node.CreateDatabaseAsync();
        await node.StartAsync();
        return node;
    }

    /// <summary>A second handler that only records which node handled which event, before its inbox row
    /// commits.</summary>
    private static Action<IServiceCollection> Recording(string node, ConcurrentQueue<(Guid, string)> deliveries) =>
        Probe.On(node, (_, eventId, by, _) =>
        {
            deliveries.Enqueue((eventId, by));
            return Task.CompletedTask;
        });
}

/// <summary>A broker that is down until told otherwise, then refuses a given number of connection attempts.</summary>
internal sealed class SwitchableBroker(string publishedType) : BuildingBlocks.Messaging.RabbitMq.IEventBroker
{
    private int _checks;
    private int _unavailableToGo;

    public IReadOnlyList<string> PublishedTypes { get; } = [publishedType];

    public ConcurrentQueue<Guid> Published { get; } = new();

    public int ReachabilityChecks => Volatile.Read(ref _checks);

    public volatile bool Reachable;

    public int UnavailableToGo { set => Volatile.Write(ref _unavailableToGo, value); }

    public bool IsReachable
    {
        get
        {
            Interlocked.Increment(ref _checks);
            return Reachable;
        }
    }

    public Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (!Reachable || Interlocked.Decrement(ref _unavailableToGo) >= 0)
        {
            throw new BuildingBlocks.Messaging.RabbitMq.BrokerUnavailableException("down");
        }

        foreach (var message in messages)
        {
            Published.Enqueue(message.Id);
        }

        return Task.CompletedTask;
    }
}
