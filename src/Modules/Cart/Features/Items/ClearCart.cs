using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Web;
using Cart.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cart.Features.Items;

/// <summary><c>DELETE /api/cart</c>: empties the cart (204).</summary>
internal static class ClearCart
{
    public static void Map(IEndpointRouteBuilder cart) => cart.MapDelete("", async (
            HttpContext http, ISender sender, CancellationToken cancellationToken) =>
        {
            if (http.User.UserId() is not { } customer)
            {
                return CartAnswers.NotAUser();
            }

            var result = await sender.Send(new Command(customer, ETags.IfMatch(http.Request)), cancellationToken);
            return result.IsSuccess ? Results.NoContent() : result.Error.ToProblem();
        })
        .WithName("ClearCart")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    internal sealed record Command(Guid CustomerId, long? IfMatch) : ICommand<ContractResult<long>>;

    internal sealed class Handler(CartStore store) : ICommandHandler<Command, ContractResult<long>>
    {
        public async ValueTask<ContractResult<long>> Handle(Command command, CancellationToken cancellationToken)
        {
            var result = await store.Change(command.CustomerId, command.IfMatch, ContractError? (cart) =>
            {
                cart.Lines.Clear();
                return null;
            }, cancellationToken);
            return result.IsSuccess ? result.Value.Version : result.Error;
        }
    }
}
