using System.Collections.Concurrent;

namespace BuildingBlocks.Modules;

/// <summary>
/// Per container (a singleton): where each contract type's owner runs and how to hand it over in-process.
/// Neither changes while the container lives, so both are decided once per message type.
/// </summary>
internal sealed class ContractRoutes(EnabledModules modules)
{
    private readonly ConcurrentDictionary<Type, Route> _routes = new();

    public Route For(Type messageType, Type responseType) =>
        _routes.TryGetValue(messageType, out var route)
            ? route
            : _routes.GetOrAdd(messageType, Create(messageType, responseType));

    private Route Create(Type messageType, Type responseType)
    {
        var owner = EnabledModules.OwnerOf(messageType);
        return new Route(owner, modules.IsEnabled(owner),
            Activator.CreateInstance(typeof(InProcessDispatcher<,>).MakeGenericType(messageType, responseType))!);
    }

    internal sealed record Route(string Owner, bool InProcess, object Dispatcher);
}
