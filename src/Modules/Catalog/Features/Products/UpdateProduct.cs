using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using Catalog.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Catalog.Features.Products;

internal static class UpdateProduct
{
    public static void Map(IEndpointRouteBuilder products) => products.MapPut("{id:guid}", async (
            Guid id,
            Request request,
            HttpRequest http,
            HttpResponse response,
            ISender sender,
            CancellationToken cancellationToken) =>
        {
            if (!ETags.HasIfMatch(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired,
                    detail: "Send the product's ETag in If-Match to update it.");
            }

            var result = await sender.Send(new Command(
                id,
                ETags.IfMatch(http),
                request.Sku!,
                request.Name!,
                request.Description ?? "",
                request.UnitPrice!.Value), cancellationToken);
            if (!result.IsSuccess)
            {
                return result.Error.ToProblem();
            }

            ETags.Set(response, result.Value.Version);
            return TypedResults.Ok(result.Value.Product);
        })
        .RequireAuthorization(ShopPolicies.CatalogAdmin)
        .Validate<Request>()
        .WithName("UpdateProduct")
        .Produces<ProductResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    internal sealed record Request(string? Sku, string? Name, string? Description, decimal? UnitPrice);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            ProductRules.ApplyTo(this, r => r.Sku, r => r.Name, r => r.Description, r => r.UnitPrice);
        }
    }

    internal sealed record Command(
        Guid Id,
        long? ExpectedVersion,
        string Sku,
        string Name,
        string Description,
        decimal UnitPrice)
        : ICommand<ContractResult<VersionedProduct>>;

    internal sealed class Handler(CatalogDbContext db, IOptions<CatalogOptions> options, TimeProvider clock)
        : ICommandHandler<Command, ContractResult<VersionedProduct>>
    {
        public async ValueTask<ContractResult<VersionedProduct>> Handle(
            Command command,
            CancellationToken cancellationToken)
        {
            var product = await db.Products.FirstOrDefaultAsync(p => p.Id == command.Id, cancellationToken);
            if (product is null)
            {
                return ContractError.NotFound($"Product {command.Id} does not exist.");
            }

            // Null: If-Match: *, any current version.
            if (command.ExpectedVersion is { } expected && product.Version != expected)
            {
                return ContractError.PreconditionFailed("The product changed since you read it; reload it and retry.");
            }

            if (product.Sku != command.Sku && await db.Products.AnyAsync(p => p.Sku == command.Sku, cancellationToken))
            {
                return ContractError.Conflict($"A product with sku '{command.Sku}' already exists.");
            }

            (product.Sku, product.Name, product.Description, product.UnitPrice) =
                (command.Sku, command.Name, command.Description, command.UnitPrice);
            product.Version++;
            product.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ContractError.PreconditionFailed("The product changed since you read it; reload it and retry.");
            }
            catch (DbUpdateException)
            {
                return ContractError.Conflict($"A product with sku '{command.Sku}' already exists.");
            }

            return new VersionedProduct(ProductResponse.From(product, options.Value.Currency), product.Version);
        }
    }
}
