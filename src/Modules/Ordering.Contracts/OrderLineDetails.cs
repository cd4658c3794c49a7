namespace Ordering.Contracts;

public sealed record OrderLineDetails(
    Guid ProductId,
    string Sku,
    string Name,
    decimal UnitPrice,
    int Quantity,
    decimal LineTotal);
