using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Web;
using Cart.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cart.Features.Items;

/// <summary><c>DELETE /api/cart/items/{productId}</c>: removes a line; removing a line that is not there is
/// 200.</summary>
internal static class RemoveItem
{
    public static void Map(IEndpointRouteBuilder cart) => cart.MapDelete("items/{productId:guid}", async (
            Guid productId, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
        {
            if (http.User.UserId() is not { } customer)
            {
                return CartAnswers.NotAUser();
            }

            var command = new Command(customer, ETags.IfMatch(http.Request), productId);
            return CartAnswers.Answer(await sender.Send(command, cancellationToken), http.Response);
        })
        .WithName("RemoveCartItem")
        .Produces<CartResponse>()
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    internal sealed record Command(
        Guid CustomerId,
        long? IfMatch,
        Guid ProductId) : ICommand<ContractResult<CartResponse>>;

    internal sealed class Handler(
        CartStore store,
        CartPricing pricing) : ICommandHandler<Command, ContractResult<CartResponse>>
    {
        public async ValueTask<ContractResult<CartResponse>> Handle(
            Command command,
            CancellationToken cancellationToken) =>
            await pricing.Price(store.Change(command.CustomerId, command.IfMatch,
                cart => cart.SetQuantity(command.ProductId, 0), cancellationToken), cancellationToken);
    }
}
