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
