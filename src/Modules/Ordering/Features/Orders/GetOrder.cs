using BuildingBlocks.Auth;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;
using Ordering.Persistence;

namespace Ordering.Features.Orders;

/// <summary><c>GET /api/orders/{id}</c>: someone else's order is 404, like a missing one; an admin sees every
/// order.</summary>
internal static class GetOrder
{
    public static void Map(IEndpointRouteBuilder orders) => orders.MapGet("{id:guid}", async (
            Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
            await sender.Send(new Query(Viewer.Of(http), id), cancellationToken) is { } order
                ? TypedResults.Ok(order)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Order {id} does not exist."))
        .RequireAuthorization(ShopPolicies.Orders)
        .WithName("GetOrder")
        .Produces<OrderDetails>()
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal sealed record Query(Viewer Viewer, Guid Id) : IQuery<OrderDetails?>;

    internal sealed class Handler(OrderingDbContext db) : IQueryHandler<Query, OrderDetails?>
    {
        public async ValueTask<OrderDetails?> Handle(Query query, CancellationToken cancellationToken) =>
            (await db.WithLines(
                await db.Orders.AsNoTracking().FirstOrDefaultAsync(
                    o => o.Id == query.Id && (query.Viewer.IsAdmin || o.CustomerId == query.Viewer.UserId),
                    cancellationToken),
                cancellationToken))?.ToDetails();
    }
}
