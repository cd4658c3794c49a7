using BuildingBlocks.Contracts;
using Mediator;
using Ordering.Contracts;
using Ordering.Persistence;

namespace Ordering.Features.Orders;

internal sealed class GetOrderByIdempotencyKeyHandler(OrderingDbContext db)
    : IRequestHandler<GetOrderByIdempotencyKey, ContractResult<OrderDetails>>
{
    public async ValueTask<ContractResult<OrderDetails>> Handle(
        GetOrderByIdempotencyKey query, CancellationToken cancellationToken) =>
        await db.FindOrderByKey(query.CustomerId, query.IdempotencyKey, cancellationToken) is { } order
            ? order.ToDetails()
            : ContractError.NotFound("No order was placed with this key.");
}
