using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BuildingBlocks.Messaging;

/// <summary>The meter and activity source <c>Shop.Messaging</c>. The backlog gauges show what
/// <see cref="EventBacklogHealthCheck"/> last saw: they are as fresh as the last readiness probe.</summary>
internal sealed class MessagingMetrics
{
    public const string Name = "Shop.Messaging";
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _handedOver;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<string, EventBacklog> _backlog = new(StringComparer.OrdinalIgnoreCase);

    public MessagingMetrics(IMeterFactory meters)
    {
        // The factory disposes the meter with the container.
        var meter = meters.Create(Name);
        _handedOver = meter.CreateCounter<long>("shop.events.handed_over", "{event}", "Outbox events handed over");
        _handled = meter.CreateCounter<long>("shop.events.handled", "{event}", "Inbox rows handled");
        _failed = meter.CreateCounter<long>("shop.events.failed", "{attempt}", "Failed handler attempts");
        _duration = meter.CreateHistogram<double>("shop.events.handler.duration", "s", "Handler run with its commit");
        meter.CreateObservableGauge("shop.outbox.pending", () => Each(b => b.OutboxPending), "{event}");
        meter.CreateObservableGauge("shop.outbox.oldest_age", () => Each(b => b.OldestOutboxAge.TotalSeconds), "s");
        meter.CreateObservableGauge("shop.inbox.pending", () => Each(b => b.InboxPending), "{event}");
        meter.CreateObservableGauge("shop.inbox.dead", () => Each(b => b.InboxDead), "{event}");
    }

    public void HandedOver(string context, int count) =>
        _handedOver.Add(count, new KeyValuePair<string, object?>("shop.context", context));

    public void Handled(string module, string consumer, TimeSpan duration)
    {
        var tags = new TagList { { "shop.module", module }, { "shop.consumer", consumer } };
        _handled.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void Failed(string module, string consumer, bool dead) => _failed.Add(1, new TagList
    {
        { "shop.module", module }, { "shop.consumer", consumer }, { "shop.dead", dead },
    });

    public void Observed(string module, EventBacklog backlog) => _backlog[module] = backlog;

    private IEnumerable<Measurement<T>> Each<T>(Func<EventBacklog, T> value)
        where T : struct =>
        _backlog.Select(b =>
            new Measurement<T>(value(b.Value), new KeyValuePair<string, object?>("shop.module", b.Key)));
}

internal sealed record EventBacklog(int OutboxPending, TimeSpan OldestOutboxAge, int InboxPending, int InboxDead);
