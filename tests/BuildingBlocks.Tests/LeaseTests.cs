using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using BuildingBlocks.Idempotency;
using BuildingBlocks.Leases;
using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BuildingBlocks.Tests;

/// <summary>
/// Leases renewed by a heartbeat, with the settings shortened (2 s lease, a beat every 200 ms) so that "far longer
/// than the lease" takes seconds: a live slow owner keeps its work, a dead owner's work is taken over once it lapses.
/// (A 1 s lease was lost now and then on this busy machine: a fresh process's first renewal compiles its query.)
/// </summary>
public sealed class LeaseTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    // As the issue asks: a live operation of 20 s, ten leases long, is never taken over.
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(20);
    private readonly DataFolder _folder = new();
    private readonly DeliveryLog _log = new();

    private static Dictionary<string, string?> ShortLeases(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Leases:Duration"] = "00:00:02",
            ["Leases:HeartbeatInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task A_request_held_far_longer_than_the_lease_keeps_its_key_on_every_other_instance()
    {
        await using var first = await IdempotentNode.StartAsync(_folder.Path, ShortLeases());
        await CreateDatabaseAsync(first.Services);
        await using var second = await IdempotentNode.StartAsync(_folder.Path, ShortLeases());
        second.Release(); // a takeover would answer at once

        var slow = first.Ship("slow-key", "P-1");
        await Eventually.Until(
            () => Task.FromResult(first.Started), n => n == 1, TimeSpan.FromSeconds(10), "the first request runs");
        var answers = new List<HttpStatusCode>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < HeldFor)
        {
            using var retry = await second.Ship("slow-key", "P-1");
            answers.Add(retry.StatusCode);
            await Task.Delay(100);
        }

        first.Release();
        using var original = await slow;
        using var replay = await second.Ship("slow-key", "P-1");

        output.WriteLine($"{answers.Count} retries on the other instance while the first ran {HeldFor}");
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Conflict, status));
        Assert.Equal(0, second.Started);
        Assert.Equal(HttpStatusCode.Created, original.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("/shipments/P-1", replay.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_key_left_in_flight_by_a_dead_instance_is_taken_over_once_its_lease_lapses()
    {
        await using var survivor = await IdempotentNode.StartAsync(_folder.Path, ShortLeases());
        await CreateDatabaseAsync(survivor.Services);
        survivor.Release();
        using (var first = await survivor.Ship("warm-up", "P-0"))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        // What a request of a process that died leaves behind: a claim in flight, renewed by nobody.
        var recordKey = await RecordKeyOf(survivor, "orphan-key", "P-2");
        var clock = Stopwatch.StartNew();
        await using (var scope = survivor.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
            var (_, claimed) = await new IdempotencyStore<ShippingDbContext>(db, TimeProvider.System).ClaimAsync(
                recordKey.Key, recordKey.Hash, "in-flight:dead-instance/request", Lease, TimeSpan.FromHours(1),
                default);
            Assert.True(claimed);
        }

        var answers = new List<HttpStatusCode>();
        HttpStatusCode last;
        do
        {
            using var retry = await survivor.Ship("orphan-key", "P-2");
            last = retry.StatusCode;
            answers.Add(last);
            await Task.Delay(50);
        }
        while (last == HttpStatusCode.Conflict && clock.Elapsed < TimeSpan.FromSeconds(20));

        output.WriteLine($"Taken over {clock.ElapsedMilliseconds} ms after the orphaned claim ({answers.Count} tries)");
        Assert.Equal(HttpStatusCode.Created, last);
        Assert.Contains(HttpStatusCode.Conflict, answers);
        Assert.InRange(clock.Elapsed, Lease, Lease + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_delivery_held_far_longer_than_the_lease_is_never_taken_over_by_another_relay()
    {
        var deliveries = new ConcurrentQueue<(string Parcel, string Node)>();
        using var gate = new SemaphoreSlim(0);
        var fast = ShortLeases(new() { ["Messaging:PollInterval"] = "00:00:00.020" });
        await using var first = ShippingNode.Create(
            _folder.Path, _log, fast, Slow("first", deliveries, gate));
        await first.CreateDatabaseAsync();
        await first.StartAsync();
        await first.PublishAsync("SLOW");
        await Eventually.Until(
            () => Task.FromResult(deliveries.Count), n => n == 1, TimeSpan.FromSeconds(10), "the first relay delivers");

        await using var second = ShippingNode.Create(
            _folder.Path, _log, fast, Slow("second", deliveries, gate));
        await second.StartAsync();
        await Task.Delay(HeldFor); // the second relay polls every 20 ms meanwhile: nothing to find but a leased row
        gate.Release(10);
        await Eventually.Until(
            () => first.InboxRowOf("SLOW", ProbeHandler.Consumer),
            m => m?.Status == InboxStatus.Handled,
            TimeSpan.FromSeconds(10),
            "delivered");

        Assert.Equal([("SLOW", "first")], deliveries.ToArray());
        Assert.Equal(1, await first.ShipmentsOf("SLOW"));
    }

    [Fact]
    public async Task An_event_claimed_by_a_dead_relay_is_delivered_once_its_lease_lapses()
    {
        await using var writer = ShippingNode.Create(_folder.Path, _log, ShortLeases());
        await writer.CreateDatabaseAsync();
        await writer.PublishAsync("ORPHAN");
        var claimedAt = DateTime.UtcNow;
        await writer.QueryAsync(db => db.Set<OutboxMessage>().ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LockToken, Guid.NewGuid()).SetProperty(m => m.LockedUntil, claimedAt + Lease)));

        var polling = ShortLeases(new() { ["Messaging:PollInterval"] = "00:00:00.100" });
        await using var survivor = ShippingNode.Create(_folder.Path, _log, polling);
        await survivor.StartAsync();
        var row = await Eventually.Until(
            () => survivor.OutboxRowOf("ORPHAN"),
            m => m?.ProcessedAt is not null,
            TimeSpan.FromSeconds(20),
            "taken over");

        var after = row!.ProcessedAt!.Value - claimedAt;
        output.WriteLine($"Delivered {after.TotalMilliseconds:0} ms after the dead relay's claim");
        Assert.InRange(row.ProcessedAt!.Value - claimedAt, Lease, Lease + TimeSpan.FromSeconds(2));
        await survivor.InboxDrainedAsync();
        Assert.Equal(1, await survivor.ShipmentsOf("ORPHAN"));
    }

    [Fact]
    public void Every_process_instance_has_its_own_id()
    {
        var services = new ServiceCollection().AddLeases().AddLeases().BuildServiceProvider();
        var other = new ServiceCollection().AddLeases().BuildServiceProvider();

        Assert.Same(services.GetRequiredService<ProcessInstance>(), services.GetRequiredService<ProcessInstance>());
        Assert.NotEqual(
            services.GetRequiredService<ProcessInstance>().Id, other.GetRequiredService<ProcessInstance>().Id);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task CreateDatabaseAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    /// <summary>
    /// The record key and request hash the filter stores for a key and body, read back after a real request.
    /// </summary>
    private static async Task<(string Key, string Hash)> RecordKeyOf(IdempotentNode node, string key, string parcel)
    {
        using (var response = await node.Ship(key, parcel))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await using var scope = node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
        var record = await db.Set<IdempotencyRecord>().OrderByDescending(r => r.CreatedAt).FirstAsync();
        await db.Set<IdempotencyRecord>().Where(r => r.Key == record.Key).ExecuteDeleteAsync();
        return (record.Key, record.RequestHash);
    }

    /// <summary>A handler that records which node handled, then waits for the test's gate.</summary>
    private static Action<IServiceCollection> Slow(
        string node, ConcurrentQueue<(string, string)> deliveries, SemaphoreSlim gate) =>
        Probe.On(node, async (parcel, _, by, cancellationToken) =>
        {
            deliveries.Enqueue((parcel, by));
            await gate.WaitAsync(cancellationToken);
        });
}
