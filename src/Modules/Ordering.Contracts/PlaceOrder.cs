using BuildingBlocks.Contracts;

namespace Ordering.Contracts;

/// <summary>
/// Places an order for a customer at the catalog's current prices. The key makes it idempotent: the
/// same customer and key always yield the same order, so the call may be retried. <see cref="FromCart"/>: the lines
/// are a cart's, unpriced; those whose product no longer exists are left out (as the cart leaves them out), and
/// none left is a conflict.
/// </summary>
public sealed record PlaceOrder(
    Guid CustomerId,
    string IdempotencyKey,
    IReadOnlyList<OrderItemRequest> Items,
    ShippingAddress ShippingAddress,
    bool FromCart) : IContractCommand<ContractResult<OrderDetails>>, IIdempotentCommand;

public sealed record OrderItemRequest(Guid ProductId, int Quantity);

public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);
