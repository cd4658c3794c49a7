using BuildingBlocks.Contracts;

namespace BuildingBlocks.Messaging;

/// <summary>A module's reaction to another module's event. Runs inside a transaction with the inbox row.</summary>
public interface IIntegrationEventHandler<in TEvent> where TEvent : IIntegrationEvent
{
    Task Handle(TEvent integrationEvent, Guid eventId, CancellationToken cancellationToken);
}
