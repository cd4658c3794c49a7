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
    private readonly Subscription[] _all;
    private readonly ILookup<string, Subscription> _byType;

    public EventRoutes(IEnumerable<Subscription> subscriptions, IEnumerable<ModuleDatabase> local)
    {
        _all = subscriptions.ToArray();
        _byType = _all.ToLookup(s => s.EventType, StringComparer.Ordinal);
        Local = local.DistinctBy(d => d.Module, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(d => d.Module, StringComparer.OrdinalIgnoreCase);
        SubscriberModules = _all.Select(s => s.Module).Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal).ToArray();
        RemotelySubscribedTypes = _all.Where(s => !Local.ContainsKey(s.Module)).Select(s => s.EventType)
            .ToFrozenSet(StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, ModuleDatabase> Local { get; }

    /// <summary>Every module with a handler: each has a queue on the broker.</summary>
    public IReadOnlyList<string> SubscriberModules { get; }

    /// <summary>Event types a module running elsewhere subscribes to: the ones the relays publish.</summary>
    public IReadOnlySet<string> RemotelySubscribedTypes { get; }

    public IEnumerable<Subscription> HandlersOf(string module, string eventType) =>
        _byType[eventType].Where(s => s.Module.Equals(module, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<string> EventTypesOf(string module) => _all
        .Where(s => s.Module.Equals(module, StringComparison.OrdinalIgnoreCase)).Select(s => s.EventType).Distinct();
}
