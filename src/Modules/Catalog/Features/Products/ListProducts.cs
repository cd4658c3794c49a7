using BuildingBlocks.Web;
using Catalog.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Catalog.Features.Products;

internal static class ListProducts
{
    public static void Map(IEndpointRouteBuilder products) => products.MapGet("", async (
            string? search, int? page, int? pageSize, ISender sender, CancellationToken cancellationToken) =>
        {
            if (!Paging.TryCreate(page, pageSize, out var paging, out var problem))
            {
                return problem!;
            }

            if (search?.Length > 200)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["search"] = ["'search' must be 200 characters or fewer."] });
            }

            return TypedResults.Ok(await sender.Send(new Query(search?.Trim(), paging), cancellationToken));
        })
        .AllowAnonymous()
        .WithName("ListProducts")
        .Produces<PagedResponse<ProductResponse>>()
        .ProducesValidationProblem();

    internal sealed record Query(string? Search, Paging Paging) : IQuery<PagedResponse<ProductResponse>>;

    internal sealed class Handler(
        CatalogDbContext db,
        IOptions<CatalogOptions> options) : IQueryHandler<Query, PagedResponse<ProductResponse>>
    {
        public async ValueTask<PagedResponse<ProductResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var products = db.Products.AsNoTracking();
            if (!string.IsNullOrEmpty(query.Search))
            {
                var term = query.Search.ToLowerInvariant();
                products = products.Where(p => p.Name.ToLower().Contains(term) || p.Sku.ToLower().Contains(term));
            }

            var total = await products.CountAsync(cancellationToken);
            var currency = options.Value.Currency;
            var page = await products.OrderBy(p => p.Name).ThenBy(p => p.Id)
                .Skip(query.Paging.Skip).Take(query.Paging.PageSize)
                .Select(p => new ProductResponse(p.Id, p.Sku, p.Name, p.Description, p.UnitPrice, currency, p.Stock))
                .ToListAsync(cancellationToken);
            return new PagedResponse<ProductResponse>(page, query.Paging.Page, query.Paging.PageSize, total);
        }
    }
}
