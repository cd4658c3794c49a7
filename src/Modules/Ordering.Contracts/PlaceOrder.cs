using BuildingBlocks.Contracts;

namespace Ordering.Contracts;

/// <summary>
/// Places an order for a customer at the catalog's current prices. The key makes it idempotent: the same customer and
/// key always yield the same order, whatever the items of a later call, so the call may be retried after any failure.
/// <see cref="SkipUnavailableProducts"/>: lines whose product no longer exists are left out instead of refused, and an
/// order with no line left is a conflict. <see cref="ExemptFromCustomerLimits"/>: the customer is an admin, whom the
/// per-customer limits (units of one product, open orders) do not bind.
/// </summary>
public sealed record PlaceOrder(
    Guid CustomerId,
    string IdempotencyKey,
    IReadOnlyList<OrderItemRequest> Items,
    ShippingAddress ShippingAddress,
    bool SkipUnavailableProducts,
    bool ExemptFromCustomerLimits = false) : IContractCommand<ContractResult<OrderDetails>>, IIdempotentCommand;
