using BuildingBlocks.Contracts;

namespace Ordering.Contracts;

/// <summary>The order was cancelled; whatever stock was reserved for it goes back.</summary>
public sealed record OrderCancelled(Guid OrderId) : IIntegrationEvent;
