using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Ordering.Persistence;

namespace Ordering.Features.Orders;

/// <summary><c>GET /api/orders</c>: the caller's own orders, newest first, paged; an admin sees everyone's.</summary>
internal static class ListOrders
{
    public static void Map(IEndpointRouteBuilder orders) => orders.MapGet("", async (
            int? page, int? pageSize, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
            Paging.TryCreate(page, pageSize, out var paging, out var problem)
                ? TypedResults.Ok(await sender.Send(new Query(Viewer.Of(http), paging), cancellationToken))
                : problem!)
        .RequireAuthorization(ShopPolicies.Orders)
        .WithName("ListOrders")
        .Produces<PagedOrders>()
        .ProducesValidationProblem();

    internal sealed record Query(Viewer Viewer, Paging Paging) : IQuery<PagedOrders>;

    internal sealed class Handler(OrderingDbContext db) : IQueryHandler<Query, PagedOrders>
    {
        public async ValueTask<PagedOrders> Handle(Query query, CancellationToken cancellationToken)
        {
            var visible = db.Orders.AsNoTracking()
                .Where(o => query.Viewer.IsAdmin || o.CustomerId == query.Viewer.UserId);
            var total = await visible.CountAsync(cancellationToken);
            var page = await visible.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
                .Skip(query.Paging.Skip).Take(query.Paging.PageSize).ToListAsync(cancellationToken);
            await db.WithLines(page, cancellationToken);
            return new PagedOrders(
                page.Select(o => o.ToDetails()).ToList(), query.Paging.Page, query.Paging.PageSize, total);
        }
    }
}
