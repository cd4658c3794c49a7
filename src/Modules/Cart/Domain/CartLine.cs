namespace Cart.Domain;

internal sealed class CartLine
{
    public Guid ProductId { get; init; }
    public int Quantity { get; set; }
}
