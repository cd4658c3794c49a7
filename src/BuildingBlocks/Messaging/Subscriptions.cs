using System.Text.Json;
using BuildingBlocks.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Messaging;

/// <param name="Consumer">The handler's type name: with the event id, the inbox row's key.</param>
/// <param name="Handle">Runs the handler in a scope whose module DbContext holds the caller's transaction.</param>
public sealed record Subscription(
    string Module,
    string EventType,
    string Consumer,
    Func<IServiceProvider, Guid, string, CancellationToken, Task> Handle);

/// <summary>What a module declares in <see cref="Modules.IModule.Subscribe"/>: its handlers and their events.</summary>
public sealed class EventSubscriptions(string module)
{
    private readonly List<Subscription> _all = [];

    public IReadOnlyList<Subscription> All => _all;

    public EventSubscriptions Subscribe<TEvent, THandler>()
        where TEvent : class, IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        _all.Add(new Subscription(
            module,
            OutboxExtensions.EventTypeName(typeof(TEvent)),
            typeof(THandler).FullName ?? typeof(THandler).Name,
            (scope, eventId, payload, ct) =>
            {
                var integrationEvent = JsonSerializer.Deserialize<TEvent>(payload, OutboxExtensions.Json)
                    ?? throw new InvalidOperationException($"Event {eventId} has an empty payload.");
                return ActivatorUtilities.CreateInstance<THandler>(scope).Handle(integrationEvent, eventId, ct);
            }));
        return this;
    }
}
