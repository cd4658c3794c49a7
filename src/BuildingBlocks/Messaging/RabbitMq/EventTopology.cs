namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>
/// Who subscribes to what, across every module this binary knows (not only the enabled ones), and which modules
/// run here. It decides who delivers what: a subscriber module enabled in the publishing process gets the event
/// in-process from the outbox relay; every other subscriber module gets it from its own queue on the broker.
/// </summary>
internal sealed class EventTopology
{
    private readonly Dictionary<string, string[]> _subscribersOf;
    private readonly Dictionary<string, string> _moduleOfConsumer;
    private readonly HashSet<string> _enabled;

    public EventTopology(
        IEnumerable<(string Module, string EventType, string Consumer)> subscriptions,
        IEnumerable<string> enabledModules)
    {
        var all = subscriptions.ToArray();
        _enabled = new HashSet<string>(enabledModules, StringComparer.OrdinalIgnoreCase);
        _subscribersOf = all.GroupBy(s => s.EventType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Module).Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(StringComparer.Ordinal)
                .ToArray(), StringComparer.Ordinal);
        _moduleOfConsumer = all.GroupBy(s => s.Consumer, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Module, StringComparer.Ordinal);
        SubscriberModules = all.Select(s => s.Module).Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every module with at least one handler: each has a queue.</summary>
    public IReadOnlyList<string> SubscriberModules { get; }

    public bool IsEnabled(string module) => _enabled.Contains(module);

    /// <summary>The event types a module's handlers subscribe to: its queue's bindings.</summary>
    public IEnumerable<string> EventTypesOf(string module) =>
        _subscribersOf.Where(p => p.Value.Contains(module, StringComparer.OrdinalIgnoreCase)).Select(p => p.Key);

    /// <summary>The event types with a subscriber module that does not run here: the ones published to the
    /// broker.</summary>
    public IReadOnlyList<string> RemotelySubscribedTypes =>
        _subscribersOf.Where(p => p.Value.Any(m => !_enabled.Contains(m))).Select(p => p.Key)
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Subscriber modules of an event type that do not run here: the relay publishes only when there is
    /// one.</summary>
    public IReadOnlyList<string> RemoteSubscribersOf(string eventType) =>
        _subscribersOf.TryGetValue(eventType, out var modules)
            ? modules.Where(m => !_enabled.Contains(m)).ToArray()
            : [];

    /// <summary>Subscriber modules of an event type that run here, so got it in-process from the relay.</summary>
    public IReadOnlyList<string> LocalSubscribersOf(string eventType) =>
        _subscribersOf.TryGetValue(eventType, out var modules) ? modules.Where(_enabled.Contains).ToArray() : [];

    public string? ModuleOf(Subscription subscription) =>
        _moduleOfConsumer.TryGetValue(subscription.Consumer, out var module) ? module : null;
}
