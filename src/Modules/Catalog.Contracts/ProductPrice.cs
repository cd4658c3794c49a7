namespace Catalog.Contracts;

public sealed record ProductPrice(Guid ProductId, string Sku, string Name, decimal UnitPrice, string Currency);
