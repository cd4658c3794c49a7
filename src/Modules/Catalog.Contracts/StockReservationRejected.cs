using BuildingBlocks.Contracts;

namespace Catalog.Contracts;

/// <summary>The order could not be reserved as a whole; nothing was taken.</summary>
public sealed record StockReservationRejected(Guid OrderId, Guid ProductId, string Reason) : IIntegrationEvent;
