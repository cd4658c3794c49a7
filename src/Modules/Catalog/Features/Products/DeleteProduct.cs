using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Catalog.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Features.Products;

/// <summary><c>DELETE /api/catalog/products/{id}</c>: 204; with <c>If-Match</c>, only the version it names (412
/// otherwise, as for an update: RFC 9110 13.1.1), so an admin never deletes a product someone changed since they
/// looked.</summary>
internal static class DeleteProduct
{
    public static void Map(IEndpointRouteBuilder products) => products.MapDelete("{id:guid}", async (
            Guid id, HttpRequest http, ISender sender, CancellationToken cancellationToken) =>
            await sender.Send(new Command(id, ETags.IfMatch(http)), cancellationToken) switch
            {
                Outcome.Deleted => Results.NoContent(),
                Outcome.Changed => Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed,
                    detail: "The product changed since you read it; reload it and retry."),
                _ => Results.Problem(
                    statusCode: StatusCodes.Status404NotFound, detail: $"Product {id} does not exist."),
            })
        .RequireAuthorization(ShopPolicies.CatalogAdmin)
        .WithName("DeleteProduct")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    internal enum Outcome
    {
        Deleted,
        NotFound,
        Changed,
    }

    /// <summary>Orders keep their own copy of name and price, so a product can go without touching them.</summary>
    /// <param name="ExpectedVersion">From <c>If-Match</c>: null for none (or <c>*</c>), -1 for a tag of no
    /// version.</param>
    internal sealed record Command(Guid Id, long? ExpectedVersion) : ICommand<Outcome>;

    internal sealed class Handler(CatalogDbContext db) : ICommandHandler<Command, Outcome>
    {
        public async ValueTask<Outcome> Handle(Command command, CancellationToken cancellationToken)
        {
            var product = db.Products.Where(p => p.Id == command.Id);
            if (await product.Where(p => command.ExpectedVersion == null || p.Version == command.ExpectedVersion)
                .ExecuteDeleteAsync(cancellationToken) == 1)
            {
                return Outcome.Deleted;
            }

            return await product.AnyAsync(cancellationToken) ? Outcome.Changed : Outcome.NotFound;
        }
    }
}
