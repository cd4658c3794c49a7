using System.Collections.Frozen;
using BuildingBlocks.Persistence;

namespace BuildingBlocks.Messaging;

/// <summary>
/// Who subscribes to what (every module's declared subscriptions) and which modules run in this process (those whose
/// database is registered here). An event goes into the inbox of each subscriber module that runs here, and to the
/// broker when one runs elsewhere.
/// </summary>
internal sealed class EventRoutes
{
    private readonly ILookup<string, Subscription> _byType;

    public EventRoutes(IEnumerable<Subscription> subscriptions, IEnumerable<ModuleDatabase> local)
    {
        var all = subscriptions.ToArray();
        _byType = all.ToLookup(s => s.EventType, StringComparer.Ordinal);
        Local = local.GroupBy(d => d.Module, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        SubscriberModules = all.Select(s => s.Module).Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal).ToArray();
        RemotelySubscribedTypes = all.Where(s => !Local.ContainsKey(s.Module)).Select(s => s.EventType)
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The modules running here, with their databases.</summary>
    public IReadOnlyDictionary<string, ModuleDatabase> Local { get; }

    /// <summary>Every module with a handler: each has a queue on the broker.</summary>
    public IReadOnlyList<string> SubscriberModules { get; }

    /// <summary>Event types a module running elsewhere subscribes to: the ones the relays publish.</summary>
    public IReadOnlySet<string> RemotelySubscribedTypes { get; }

    public IEnumerable<Subscription> HandlersOf(string module, string eventType) =>
        _byType[eventType].Where(s => s.Module.Equals(module, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<Subscription> HandlersIn(string module) =>
        _byType.SelectMany(g => g).Where(s => s.Module.Equals(module, StringComparison.OrdinalIgnoreCase));

    /// <summary>The event types a module's handlers subscribe to: its queue's bindings.</summary>
    public IEnumerable<string> EventTypesOf(string module) => HandlersIn(module).Select(s => s.EventType).Distinct();
}
