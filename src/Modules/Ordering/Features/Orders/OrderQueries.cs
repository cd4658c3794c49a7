using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;
using Ordering.Persistence;

namespace Ordering.Features.Orders;

/// <summary>A customer sees their own orders; an admin sees everyone's. Someone else's order is 404, like a missing one.</summary>
internal static class OrderQueries
{
    public static void Map(IEndpointRouteBuilder orders)
    {
        orders.MapGet("", async (int? page, int? pageSize, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                Paging.TryCreate(page, pageSize, out var paging, out var problem)
                    ? TypedResults.Ok(await sender.Send(new ListOrders(Viewer.Of(http), paging), cancellationToken))
                    : problem!)
            .RequireAuthorization(ShopPolicies.Orders)
            .WithName("ListOrders")
            .Produces<PagedOrders>()
            .ProducesValidationProblem();

        orders.MapGet("{id:guid}", async (Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                await sender.Send(new GetOrder(Viewer.Of(http), id), cancellationToken) is { } order
                    ? TypedResults.Ok(order)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Order {id} does not exist."))
            .RequireAuthorization(ShopPolicies.Orders)
            .WithName("GetOrder")
            .Produces<OrderDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal sealed record ListOrders(Viewer Viewer, Paging Paging) : IQuery<PagedOrders>;

    internal sealed record GetOrder(Viewer Viewer, Guid Id) : IQuery<OrderDetails?>;

    internal sealed class Handlers(OrderingDbContext db) : IQueryHandler<ListOrders, PagedOrders>, IQueryHandler<GetOrder, OrderDetails?>
    {
        public async ValueTask<PagedOrders> Handle(ListOrders query, CancellationToken cancellationToken)
        {
            var visible = db.Orders.AsNoTracking().Where(o => query.Viewer.IsAdmin || o.CustomerId == query.Viewer.UserId);
            var total = await visible.CountAsync(cancellationToken);
            var page = await visible.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
                .Skip(query.Paging.Skip).Take(query.Paging.PageSize).AsSplitQuery().ToListAsync(cancellationToken);
            return new PagedOrders(page.Select(o => o.ToDetails()).ToList(), query.Paging.Page, query.Paging.PageSize, total);
        }

        public async ValueTask<OrderDetails?> Handle(GetOrder query, CancellationToken cancellationToken) =>
            (await db.Orders.AsNoTracking().FirstOrDefaultAsync(
                o => o.Id == query.Id && (query.Viewer.IsAdmin || o.CustomerId == query.Viewer.UserId), cancellationToken))?.ToDetails();
    }
}

internal sealed record PagedOrders(IReadOnlyList<OrderDetails> Items, int Page, int PageSize, int TotalCount);

/// <summary>Who asks: the user id of the token (empty for a non-user token, which owns nothing) and whether they are an admin.</summary>
internal sealed record Viewer(Guid UserId, bool IsAdmin)
{
    public static Viewer Of(HttpContext http) => new(http.User.UserId() ?? Guid.Empty, http.User.IsAdmin());
}
