namespace Ordering.Contracts;

/// <summary>An order as the API shows it.</summary>
public sealed record OrderDetails(
    Guid Id,
    OrderStatus Status,
    IReadOnlyList<OrderLineDetails> Items,
    decimal Total,
    string Currency,
    ShippingAddress ShippingAddress,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? RejectionReason);

public sealed record OrderLineDetails(Guid ProductId, string Sku, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public enum OrderStatus
{
    Pending,
    Confirmed,
    Rejected,
    Shipped,
    Cancelled,
}
