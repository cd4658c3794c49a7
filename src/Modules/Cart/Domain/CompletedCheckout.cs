namespace Cart.Domain;

/// <summary>
/// The cart's own record that an order's lines were taken out of it, written with that change: a retried checkout
/// that gets the same order back from Ordering never takes them out twice.
/// </summary>
internal sealed class CompletedCheckout
{
    public Guid OrderId { get; init; }
    public Guid CustomerId { get; init; }
    public DateTime CompletedAt { get; init; }
}
