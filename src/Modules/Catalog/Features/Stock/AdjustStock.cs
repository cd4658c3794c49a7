using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using Catalog.Domain;
using Catalog.Features.Products;
using Catalog.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Catalog.Features.Stock;

internal static class AdjustStock
{
    public static void Map(IEndpointRouteBuilder products) => products.MapPost("{id:guid}/stock-adjustments", async (
            Guid id, Request request, HttpRequest http, HttpResponse response, ISender sender,
            CancellationToken cancellationToken) =>
        {
            var result = await sender.Send(
                new Command(id, request.Delta!.Value, ETags.IfMatch(http)), cancellationToken);
            if (!result.IsSuccess)
            {
                return (IResult)result.Error.ToProblem();
            }

            ETags.Set(response, result.Value.Version);
            return TypedResults.Ok(result.Value.Product);
        })
        .RequireAuthorization(ShopPolicies.CatalogAdmin)
        .Validate<Request>()
        .WithName("AdjustStock")
        .Produces<ProductResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    internal sealed record Request(int? Delta);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Delta).NotNull().NotEqual(0).InclusiveBetween(-1_000_000, 1_000_000);
    }

    /// <param name="ExpectedVersion">From <c>If-Match</c>, which is optional here: an adjustment is relative, but one
    /// made against a product someone changed since is refused (412) when the caller asks for that.</param>
    internal sealed record Command(Guid Id, int Delta, long? ExpectedVersion)
        : ICommand<ContractResult<VersionedProduct>>;

    internal sealed class Handler(CatalogDbContext db, IOptions<CatalogOptions> options, TimeProvider clock)
        : ICommandHandler<Command, ContractResult<VersionedProduct>>
    {
        public async ValueTask<ContractResult<VersionedProduct>> Handle(
            Command command,
            CancellationToken cancellationToken)
        {
            // One conditional UPDATE: concurrent adjustments and reservations can never take stock below zero.
            var now = clock.GetUtcNow().UtcDateTime;
            var changed = await db.Products
                .Where(p => p.Id == command.Id && p.Stock + command.Delta >= 0
                    && p.Stock + command.Delta <= Product.MaxStock
                    && (command.ExpectedVersion == null || p.Version == command.ExpectedVersion))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock + command.Delta)
                    .SetProperty(p => p.Version, p => p.Version + 1)
                    .SetProperty(p => p.UpdatedAt, now), cancellationToken);

            var product = await db.Products.AsNoTracking()
                .FirstOrDefaultAsync(p => p.Id == command.Id, cancellationToken);
            if (product is null)
            {
                return ContractError.NotFound($"Product {command.Id} does not exist.");
            }

            if (changed == 0 && command.ExpectedVersion is { } expected && product.Version != expected)
            {
                return ContractError.PreconditionFailed("The product changed since you read it; reload it and retry.");
            }

            return changed == 0
                ? ContractError.Conflict(
                    $"Stock of {product.Sku} is {product.Stock}; "
                    + $"an adjustment of {command.Delta} would take it out of 0..{Product.MaxStock}.")
                : new VersionedProduct(ProductResponse.From(product, options.Value.Currency), product.Version);
        }
    }
}
