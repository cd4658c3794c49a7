namespace Cart.Features;

internal sealed record CartResponse(
    IReadOnlyList<CartLineResponse> Items, int TotalQuantity, decimal Total, string Currency, long Version);
