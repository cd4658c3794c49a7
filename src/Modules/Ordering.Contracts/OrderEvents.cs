using BuildingBlocks.Contracts;

namespace Ordering.Contracts;

/// <summary>An order was accepted and waits for its stock.</summary>
public sealed record OrderPlaced(Guid OrderId, Guid CustomerId, IReadOnlyList<OrderPlacedLine> Lines) : IIntegrationEvent;

public sealed record OrderPlacedLine(Guid ProductId, int Quantity);

/// <summary>The order was cancelled; whatever stock was reserved for it goes back.</summary>
public sealed record OrderCancelled(Guid OrderId) : IIntegrationEvent;
