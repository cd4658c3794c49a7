using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using Catalog.Domain;
using Catalog.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Catalog.Features.Products;

internal static class CreateProduct
{
    public static void Map(IEndpointRouteBuilder products) => products.MapPost("", async (
            Request request, HttpResponse response, ISender sender, CancellationToken cancellationToken) =>
        {
            var result = await sender.Send(new Command(
                request.Sku!,
                request.Name!,
                request.Description ?? "",
                request.UnitPrice!.Value,
                request.Stock!.Value), cancellationToken);
            if (!result.IsSuccess)
            {
                return (IResult)result.Error.ToProblem();
            }

            ETags.Set(response, result.Value.Version);
            return TypedResults.Created($"/api/catalog/products/{result.Value.Product.Id}", result.Value.Product);
        })
        .RequireAuthorization(ShopPolicies.CatalogAdmin)
        .Validate<Request>()
        .WithName("CreateProduct")
        .Produces<ProductResponse>(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal sealed record Request(string? Sku, string? Name, string? Description, decimal? UnitPrice, int? Stock);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            ProductRules.ApplyTo(this, r => r.Sku, r => r.Name, r => r.Description, r => r.UnitPrice);
            RuleFor(r => r.Stock).NotNull().InclusiveBetween(0, 1_000_000);
        }
    }

    internal sealed record Command(
        string Sku,
        string Name,
        string Description,
        decimal UnitPrice,
        int Stock) : ICommand<ContractResult<VersionedProduct>>;

    internal sealed class Handler(CatalogDbContext db, IOptions<CatalogOptions> options, TimeProvider clock)
        : ICommandHandler<Command, ContractResult<VersionedProduct>>
    {
        public async ValueTask<ContractResult<VersionedProduct>> Handle(
            Command command,
            CancellationToken cancellationToken)
        {
            if (await db.Products.AnyAsync(p => p.Sku == command.Sku, cancellationToken))
            {
                return ContractError.Conflict($"A product with sku '{command.Sku}' already exists.");
            }

            var product = new Product
            {
                Sku = command.Sku, Name = command.Name, Description = command.Description,
                UnitPrice = command.UnitPrice, Stock = command.Stock, UpdatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Products.Add(product);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another request created the same sku between the check and the insert.
                return ContractError.Conflict($"A product with sku '{command.Sku}' already exists.");
            }

            return new VersionedProduct(ProductResponse.From(product, options.Value.Currency), product.Version);
        }
    }
}
