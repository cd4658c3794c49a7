using BuildingBlocks.Contracts;

namespace Ordering.Contracts;

/// <summary>An order was accepted and waits for its stock.</summary>
public sealed record OrderPlaced(
    Guid OrderId,
    Guid CustomerId,
    IReadOnlyList<OrderPlacedLine> Lines) : IIntegrationEvent;
