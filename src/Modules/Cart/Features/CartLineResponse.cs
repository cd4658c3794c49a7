namespace Cart.Features;

internal sealed record CartLineResponse(
    Guid ProductId, string Sku, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);
