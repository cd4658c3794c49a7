using System.Collections.Concurrent;
using System.Diagnostics;
using BuildingBlocks.Messaging;
using Host.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BuildingBlocks.Tests;

/// <summary>The inbox as the receiving module's queue: its own retries per handler, dead letters, replay, and a
/// process that dies before its handler commits.</summary>
public sealed class InboxTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    // Polls every 50 ms and a 2 s lease renewed every 200 ms: a lease that lapses does so within seconds.
    private static Dictionary<string, string?> FastPollsShortLeases => new()
    {
        ["Messaging:PollInterval"] = "00:00:00.050",
        ["Leases:Duration"] = "00:00:02",
        ["Leases:HeartbeatInterval"] = "00:00:00.200",
    };
    private readonly DataFolder _folder = new();
    private readonly DeliveryLog _log = new();

    [Fact]
    public async Task A_handler_that_fails_does_not_delay_a_healthy_handler_of_the_same_event()
    {
        // RecordShipment fails 3 times, with retries 500 ms, 1 s, 2 s apart; the probe handles it at once.
        _log.FailuresToGo["HOL"] = 3;
        var probed = new ConcurrentQueue<(string Parcel, TimeSpan At)>();
        var clock = new Stopwatch();
        await using var node = ShippingNode.Create(
            _folder.Path,
            _log,
            new Dictionary<string, string?>
            {
                ["Messaging:PollInterval"] = "00:00:00.050", ["Messaging:FirstRetryDelay"] = "00:00:00.500",
            },
            Probe.On("node", (parcel, _, _, _) =>
            {
                probed.Enqueue((parcel, clock.Elapsed));
                return Task.CompletedTask;
            }));
        await node.CreateDatabaseAsync();
        await node.StartAsync();

        // Warm-up: every query shape of the hand-over and the inbox compiled, so the clock measures only waiting.
        await node.PublishAsync("warm-up");
        await Eventually.Until(() => node.ShipmentsOf("warm-up"), n => n == 1, Soon, "the warm-up is handled");
        await Eventually.Until(() => Task.FromResult(probed.Count), n => n == 1, Soon, "the probe handles it");
        probed.Clear();

        clock.Start();
        await node.PublishAsync("HOL", "HEALTHY");
        await Eventually.Until(() => Task.FromResult(probed.Count), n => n == 2, Soon, "the probe handles both");
        // The healthy handler may be done before the failing one's processor has tried it once: wait for that try.
        var failing = await Eventually.Until(
            () => node.InboxRowOf("HOL", typeof(RecordShipment).FullName!), r => r is { Attempts: > 0 }, Soon,
            "the failing handler is tried");

        output.WriteLine($"Healthy handlers done at {string.Join(", ", probed.Select(p => p.At.TotalMilliseconds))}");
        Assert.All(probed, p => Assert.True(p.At < TimeSpan.FromSeconds(1), $"{p.Parcel} handled at {p.At}"));
        Assert.Equal(1, await node.ShipmentsOf("HEALTHY"));
        Assert.Equal(InboxStatus.Pending, failing!.Status);
        Assert.InRange(failing.Attempts, 1, 2);
        await Eventually.Until(() => node.ShipmentsOf("HOL"), n => n == 1, Soon, "the failing one succeeds later");
    }

    [Fact]
    public async Task A_handler_that_fails_does_not_delay_another_modules_handler_of_the_same_event()
    {
        // Shipping's RecordShipment fails 3 times (retries 500 ms, 1 s, 2 s apart); Billing, another module in the
        // same process with its own inbox processor, bills the same event at once.
        _log.FailuresToGo["HOL"] = 3;
        var billed = new ConcurrentQueue<(string Parcel, DateTime At)>();
        await using var node = ShippingNode.Create(
            _folder.Path,
            _log,
            new Dictionary<string, string?>
            {
                ["Messaging:PollInterval"] = "00:00:00.050", ["Messaging:FirstRetryDelay"] = "00:00:00.500",
            },
            BillingDbContext.In(_folder.Path, billed));
        await node.CreateDatabaseAsync();
        await using (var scope = node.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BillingDbContext>().Database.EnsureCreatedAsync();
        }

        await node.StartAsync();

        // Warm-up: every query shape of both modules compiled, so the clock measures only waiting.
        await node.PublishAsync("warm-up");
        await Eventually.Until(() => node.ShipmentsOf("warm-up"), n => n == 1, Soon, "Shipping handles the warm-up");
        await Eventually.Until(() => Task.FromResult(billed.Count), n => n == 1, Soon, "Billing handles the warm-up");
        billed.Clear();

        var published = DateTime.UtcNow;
        await node.PublishAsync("HOL");
        var (_, at) = await Eventually.Until(
            () => Task.FromResult(billed.FirstOrDefault()), b => b.Parcel == "HOL", Soon, "Billing bills HOL");
        // The healthy handler may be done before the failing one's processor has tried it once: wait for that try.
        var failing = await Eventually.Until(
            () => node.InboxRowOf("HOL", typeof(RecordShipment).FullName!), r => r is { Attempts: > 0 }, Soon,
            "the failing handler is tried");

        output.WriteLine($"Billing handled HOL {(at - published).TotalMilliseconds} ms after it was published");
        Assert.True(at - published < TimeSpan.FromSeconds(1), $"Billing handled HOL after {at - published}");
        Assert.Equal(InboxStatus.Pending, failing!.Status);
        Assert.InRange(failing.Attempts, 1, 2);
        await using (var scope = node.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<BillingDbContext>().Invoices
                .CountAsync(i => i.Parcel == "HOL"));
        }

        await Eventually.Until(() => node.ShipmentsOf("HOL"), n => n == 1, Soon, "the failing one succeeds later");
    }

    [Fact]
    public async Task After_the_last_attempt_an_event_is_dead_and_a_replay_applies_it_exactly_once()
    {
        _log.FailuresToGo["DEAD"] = 3;
        await using var node = ShippingNode.Create(
            _folder.Path,
            _log,
            new Dictionary<string, string?>
            {
                ["Messaging:PollInterval"] = "00:00:00.050",
                ["Messaging:FirstRetryDelay"] = "00:00:00.020",
                ["Messaging:MaxAttempts"] = "3",
            },
            s => s.AddSingleton<DeadLetters>());
        await node.CreateDatabaseAsync();
        await node.StartAsync();

        await node.PublishAsync("DEAD");
        var row = await Eventually.Until(
            () => node.InboxRowOf("DEAD", typeof(RecordShipment).FullName!),
            m => m?.Status == InboxStatus.Dead,
            Soon,
            "dead after 3 attempts");
        var deadLetters = node.Services.GetRequiredService<DeadLetters>();
        var (listed, total) = await deadLetters.ListAsync("Shipping", 0, 10, CancellationToken.None);

        Assert.Equal(3, row!.Attempts);
        Assert.Equal("Carrier unavailable for DEAD.", row.LastError);
        Assert.Equal(1, total);
        Assert.Equal(row.DeadLetterId, listed.Single().Id);
        Assert.Equal(0, await node.ShipmentsOf("DEAD"));

        // The handler is fixed (no failures to go): two replays at once, one wins.
        var replays = await Task.WhenAll(
            deadLetters.ReplayAsync(row.DeadLetterId!.Value, CancellationToken.None),
            deadLetters.ReplayAsync(row.DeadLetterId!.Value, CancellationToken.None));
        await node.InboxDrainedAsync();

        Assert.Equal([false, true], replays.Order().ToArray());
        Assert.Equal(1, await node.ShipmentsOf("DEAD"));
        Assert.Equal(4, _log.AttemptsOf("DEAD"));
        Assert.Equal(InboxStatus.Handled, (await node.InboxRowOf("DEAD", typeof(RecordShipment).FullName!))!.Status);
    }

    [Fact]
    public async Task A_process_that_dies_before_its_handler_commits_loses_and_duplicates_nothing_after_a_restart()
    {
        var started = new TaskCompletionSource();
        var settings = FastPollsShortLeases;
        var dying = ShippingNode.Create(_folder.Path, _log, settings, Probe.On("dying", async (_, _, _, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct); // never commits
        }));
        await dying.CreateDatabaseAsync();
        await dying.StartAsync();
        await dying.PublishAsync("CRASH");
        await started.Task.WaitAsync(Soon);
        // The inbox rows are written and the probe's is claimed; the process goes before its handler commits.
        await dying.DisposeAsync();
        var left = await InboxOf(ProbeHandler.Consumer);
        Assert.Equal(InboxStatus.Pending, left!.Status);

        var handled = new ConcurrentQueue<Guid>();
        await using var restarted = ShippingNode.Create(_folder.Path, _log, settings, Probe.On("restarted",
            (_, eventId, _, _) =>
            {
                handled.Enqueue(eventId);
                return Task.CompletedTask;
            }));
        await restarted.StartAsync();
        await restarted.InboxDrainedAsync();

        Assert.Equal([left.EventId], handled.ToArray());
        Assert.Equal(1, await restarted.ShipmentsOf("CRASH"));
        Assert.Equal(InboxStatus.Handled, (await InboxOf(ProbeHandler.Consumer))!.Status);
    }

    [Fact]
    public async Task A_batch_claims_at_most_BatchSize_inbox_rows()
    {
        // Each event has three handlers here (RecordShipment and two watchers), so three inbox rows: a claim by event
        // would lease all three in a batch of one.
        var watch = new LeaseWatch();
        await using var node = ShippingNode.Create(
            _folder.Path,
            _log,
            new Dictionary<string, string?>
            {
                ["Messaging:PollInterval"] = "00:00:00.050", ["Messaging:BatchSize"] = "1",
            },
            s => s.AddSingleton(watch).AddEventSubscriptions("Shipping", e => e
                .Subscribe<ParcelShipped, FirstLeaseWatcher>().Subscribe<ParcelShipped, SecondLeaseWatcher>()));
        await node.CreateDatabaseAsync();
        await node.StartAsync();

        await node.PublishAsync("B-1", "B-2", "B-3");
        await Eventually.Until(
            () => Task.FromResult(watch.Leased.Count), n => n == 6, Soon, "each watcher handles each event");
        await node.InboxDrainedAsync();

        output.WriteLine($"Leased inbox rows seen by the watchers: {string.Join(", ", watch.Leased)}");
        Assert.All(watch.Leased, leased => Assert.Equal(1, leased));
        Assert.Equal(3, _log.Attempts.Count);
    }

    [Fact]
    public async Task A_handlers_effect_rolls_back_when_its_row_was_taken_over_while_it_ran()
    {
        // The first attempt finds its row leased to another instance by the time it is done (as when this one's lease
        // lapsed and another took the row over): its effect must not commit, nor its handled mark. The row comes back
        // to this instance once the lease lapses, and the second attempt is the one that counts.
        await using var node = ShippingNode.Create(_folder.Path, _log, FastPollsShortLeases, s => s
            .AddEventSubscriptions("Shipping", e => e.Subscribe<ParcelShipped, LeaseStealingShipment>()));
        await node.CreateDatabaseAsync();
        await node.StartAsync();

        await node.PublishAsync("TAKEN");
        var row = await Eventually.Until(
            () => node.InboxRowOf("TAKEN", LeaseStealingShipment.Consumer), r => r?.Status == InboxStatus.Handled,
            TimeSpan.FromSeconds(20), "handled by the second attempt");

        Assert.Equal(0, await node.ShipmentsOf("TAKEN/first"));
        Assert.Equal(1, await node.ShipmentsOf("TAKEN/again"));
        Assert.Null(row!.LockToken);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<InboxMessage?> InboxOf(string consumer)
    {
        await using var reader = ShippingNode.Create(_folder.Path, _log);
        return await reader.QueryAsync(db => db.Set<InboxMessage>().AsNoTracking()
            .SingleOrDefaultAsync(m => m.Consumer == consumer));
    }
}

/// <summary>
/// Writes an effect; on its first attempt it also leases its own inbox row to another instance, in its transaction, as
/// an instance that took the row over would have done by then.
/// </summary>
internal sealed class LeaseStealingShipment(ShippingDbContext db) : IIntegrationEventHandler<ParcelShipped>
{
    public static readonly string Consumer = typeof(LeaseStealingShipment).FullName!;
    private static readonly ConcurrentDictionary<Guid, int> AttemptsOf = new();

    public async Task Handle(ParcelShipped integrationEvent, Guid eventId, CancellationToken cancellationToken)
    {
        var first = AttemptsOf.AddOrUpdate(eventId, 1, (_, n) => n + 1) == 1;
        db.Shipments.Add(new Shipment
        {
            Id = Guid.NewGuid(), EventId = eventId, Parcel = $"{integrationEvent.Parcel}/{(first ? "first" : "again")}",
        });
        if (first)
        {
            await db.Set<InboxMessage>().Where(m => m.EventId == eventId && m.Consumer == Consumer)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockToken, Guid.NewGuid()), cancellationToken);
        }
    }
}
