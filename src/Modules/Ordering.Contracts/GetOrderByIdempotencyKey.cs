using BuildingBlocks.Contracts;

namespace Ordering.Contracts;

/// <summary>
/// The order that <see cref="PlaceOrder"/> placed with this customer's key, or a not-found error: lets a caller whose
/// first attempt lost its answer learn of the order without placing another one.
/// </summary>
public sealed record GetOrderByIdempotencyKey(Guid CustomerId, string IdempotencyKey)
    : IContractQuery<ContractResult<OrderDetails>>;
