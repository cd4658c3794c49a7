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
        // Compiled once (see GetProduct). A missing term is a null parameter, for which EF Core generates and caches
        // SQL without the filter.
        private static readonly Func<CatalogDbContext, string?, CancellationToken, Task<int>> CountOf =
            EF.CompileAsyncQuery((CatalogDbContext context, string? term, CancellationToken _) =>
                context.Products.Count(p => term == null || p.Name.ToLower().Contains(term)
                    || p.Sku.ToLower().Contains(term)));

        private static readonly Func<CatalogDbContext, string?, int, int, string, IAsyncEnumerable<ProductResponse>>
            PageOf = EF.CompileAsyncQuery(
                (CatalogDbContext context, string? term, int skip, int take, string currency) => context.Products
                    .AsNoTracking()
                    .Where(p => term == null || p.Name.ToLower().Contains(term) || p.Sku.ToLower().Contains(term))
                    .OrderBy(p => p.Name).ThenBy(p => p.Id).Skip(skip).Take(take)
                    .Select(p => new ProductResponse(
                        p.Id, p.Sku, p.Name, p.Description, p.UnitPrice, currency, p.Stock)));

        public async ValueTask<PagedResponse<ProductResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var term = string.IsNullOrEmpty(query.Search) ? null : query.Search.ToLowerInvariant();
            var total = await CountOf(db, term, cancellationToken);
            var page = new List<ProductResponse>(query.Paging.PageSize);
            await foreach (var product in PageOf(
                db, term, query.Paging.Skip, query.Paging.PageSize, options.Value.Currency)
                .WithCancellation(cancellationToken))
            {
                page.Add(product);
            }

            return new PagedResponse<ProductResponse>(page, query.Paging.Page, query.Paging.PageSize, total);
        }
    }
}
