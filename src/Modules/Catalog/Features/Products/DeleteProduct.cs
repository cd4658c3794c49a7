using BuildingBlocks.Auth;
using Catalog.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Features.Products;

internal static class DeleteProduct
{
    public static void Map(IEndpointRouteBuilder products) => products.MapDelete("{id:guid}", async (
            Guid id, ISender sender, CancellationToken cancellationToken) =>
            await sender.Send(new Command(id), cancellationToken)
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Product {id} does not exist."))
        .RequireAuthorization(ShopPolicies.CatalogAdmin)
        .WithName("DeleteProduct")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>Orders keep their own copy of name and price, so a product can go without touching them.</summary>
    internal sealed record Command(Guid Id) : ICommand<bool>;

    internal sealed class Handler(CatalogDbContext db) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken) =>
            await db.Products.Where(p => p.Id == command.Id).ExecuteDeleteAsync(cancellationToken) == 1;
    }
}
