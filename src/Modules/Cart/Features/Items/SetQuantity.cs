using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using Cart.Domain;
using Cart.Persistence;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cart.Features.Items;

/// <summary>
/// <c>PUT /api/cart/items/{productId}</c>: sets a line's quantity; a product not yet in the cart gets a line,
/// 0 removes it.
/// </summary>
internal static class SetQuantity
{
    public static void Map(IEndpointRouteBuilder cart) => cart.MapPut("items/{productId:guid}", async (
            Guid productId, Request request, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
        {
            if (http.User.UserId() is not { } customer)
            {
                return CartAnswers.NotAUser();
            }

            var command = new Command(customer, ETags.IfMatch(http.Request), productId, request.Quantity!.Value);
            return CartAnswers.Answer(await sender.Send(command, cancellationToken), http.Response);
        })
        .Validate<Request>()
        .WithName("SetCartItemQuantity")
        .Produces<CartResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    internal sealed record Request(int? Quantity);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Quantity).NotNull().InclusiveBetween(0, ShoppingCart.MaxQuantity);
    }

    internal sealed record Command(Guid CustomerId, long? IfMatch, Guid ProductId, int Quantity)
        : ICommand<ContractResult<CartResponse>>;

    internal sealed class Handler(CartStore store, CartPricing pricing)
        : ICommandHandler<Command, ContractResult<CartResponse>>
    {
        // Setting 0 removes the line, which needs no product the catalog still sells.
        public async ValueTask<ContractResult<CartResponse>> Handle(
            Command command,
            CancellationToken cancellationToken) =>
            command.Quantity > 0
                ? await pricing.ChangeWithSold(store, command.CustomerId, command.IfMatch, command.ProductId,
                    cart => cart.SetQuantity(command.ProductId, command.Quantity), cancellationToken)
                : await pricing.Price(store.Change(command.CustomerId, command.IfMatch,
                    cart => cart.SetQuantity(command.ProductId, 0), cancellationToken), cancellationToken);
    }
}
