namespace Catalog.Domain;

internal sealed class ReservedLine
{
    public Guid ProductId { get; init; }
    public int Quantity { get; init; }
}
