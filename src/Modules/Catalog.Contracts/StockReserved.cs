using BuildingBlocks.Contracts;

namespace Catalog.Contracts;

/// <summary>All lines of the order are reserved: stock was taken out of what is available.</summary>
public sealed record StockReserved(Guid OrderId) : IIntegrationEvent;
