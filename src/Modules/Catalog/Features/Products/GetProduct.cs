using BuildingBlocks.Web;
using Catalog.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Catalog.Features.Products;

internal static class GetProduct
{
    public static void Map(IEndpointRouteBuilder products) => products.MapGet("{id:guid}", async (
            Guid id, HttpResponse response, ISender sender, CancellationToken cancellationToken) =>
        {
            var found = await sender.Send(new Query(id), cancellationToken);
            if (found is null)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    detail: $"Product {id} does not exist.");
            }

            ETags.Set(response, found.Version);
            return TypedResults.Ok(found.Product);
        })
        .AllowAnonymous()
        .WithName("GetProduct")
        .Produces<ProductResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal sealed record Query(Guid Id) : IQuery<VersionedProduct?>;

    internal sealed class Handler(
        CatalogDbContext db,
        IOptions<CatalogOptions> options) : IQueryHandler<Query, VersionedProduct?>
    {
        public async ValueTask<VersionedProduct?> Handle(Query query, CancellationToken cancellationToken)
        {
            var product = await db.Products.AsNoTracking()
                .FirstOrDefaultAsync(p => p.Id == query.Id, cancellationToken);
            return product is null
                ? null
                : new VersionedProduct(ProductResponse.From(product, options.Value.Currency), product.Version);
        }
    }
}
