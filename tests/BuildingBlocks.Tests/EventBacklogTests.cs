using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildingBlocks.Tests;

public sealed class EventBacklogTests : IDisposable
{
    private readonly DataFolder _folder = new();

    [Fact]
    public async Task Ready_is_degraded_while_an_event_waits_too_long_and_the_backlog_gauges_count_it()
    {
        var now = DateTime.UtcNow;
        var clock = new ManualClock(now);
        // Not started: no relay or inbox processor moves the rows this test puts in place.
        await using var node = ShippingNode.Create(
            _folder.Path,
            new DeliveryLog(),
            new Dictionary<string, string?> { ["Messaging:PendingAgeThreshold"] = "00:01:00" },
            s => s.AddSingleton<TimeProvider>(clock));
        await node.CreateDatabaseAsync();
        await node.PublishAsync("A", "B");
        await node.QueryAsync(async db =>
        {
            db.AddRange(
                InboxRows.Of("waiting", InboxStatus.Pending, now - TimeSpan.FromMinutes(10)),
                InboxRows.Of("dead", InboxStatus.Dead, now - TimeSpan.FromMinutes(20)),
                InboxRows.Of("handled", InboxStatus.Handled, now - TimeSpan.FromMinutes(30)));
            return await db.SaveChangesAsync();
        });
        using var gauges = new Gauges(node.Services.GetRequiredService<IMeterFactory>());

        var late = await CheckAsync(node);

        Assert.Equal(HealthStatus.Degraded, late.Status);
        Assert.Contains("Shipping (600 s)", late.Description, StringComparison.Ordinal);
        Assert.Equal(2, gauges.Read("shop.outbox.pending"));
        Assert.Equal(1, gauges.Read("shop.inbox.pending"));
        Assert.Equal(1, gauges.Read("shop.inbox.dead"));
        Assert.InRange(gauges.Read("shop.outbox.oldest_age"), 0, 60);

        // The waiting row handled, and the outbox's events (written a moment ago) under the threshold: healthy.
        await node.QueryAsync(db => db.Set<InboxMessage>().Where(m => m.Consumer == "waiting")
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, InboxStatus.Handled)));
        clock.Now = now + TimeSpan.FromSeconds(30);

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(node)).Status);
        Assert.Equal(0, gauges.Read("shop.inbox.pending"));
        Assert.Equal(1, gauges.Read("shop.inbox.dead"));
        Assert.InRange(gauges.Read("shop.outbox.oldest_age"), 25, 90);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<HealthReportEntry> CheckAsync(ShippingNode node) =>
        (await node.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "events"))
            .Entries["events"];

    /// <summary>The last value of each <c>Shop.Messaging</c> gauge of this node's meters, read on demand.</summary>
    private sealed class Gauges : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, double> _values = new();

        public Gauges(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MessagingMetrics.Name && instrument.Meter.Scope == meters)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => _values[instrument.Name] = value);
            _listener.SetMeasurementEventCallback<double>(
                (instrument, value, _, _) => _values[instrument.Name] = value);
            _listener.Start();
        }

        public double Read(string name)
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return _values.TryGetValue(name, out var value) ? value : throw new InvalidOperationException(
                $"No measurement of {name}.");
        }

        public void Dispose() => _listener.Dispose();
    }
}
