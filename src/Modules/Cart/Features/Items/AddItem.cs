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

/// <summary><c>POST /api/cart/items</c>: adds units of a product the catalog sells to its line (a new line if
/// none).</summary>
internal static class AddItem
{
    public static void Map(IEndpointRouteBuilder cart) => cart.MapPost("items", async (
            Request request, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
        {
            if (http.User.UserId() is not { } customer)
            {
                return CartAnswers.NotAUser();
            }

            var command = new Command(
                customer,
                ETags.IfMatch(http.Request),
                request.ProductId!.Value,
                request.Quantity!.Value);
            return CartAnswers.Answer(await sender.Send(command, cancellationToken), http.Response);
        })
        .Validate<Request>()
        .WithName("AddCartItem")
        .Produces<CartResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    internal sealed record Request(Guid? ProductId, int? Quantity);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.ProductId).NotEmpty().NotEqual(Guid.Empty);
            RuleFor(r => r.Quantity).NotNull().InclusiveBetween(1, ShoppingCart.MaxQuantity);
        }
    }

    internal sealed record Command(Guid CustomerId, long? IfMatch, Guid ProductId, int Quantity)
        : ICommand<ContractResult<CartResponse>>;

    internal sealed class Handler(CartStore store, CartPricing pricing)
        : ICommandHandler<Command, ContractResult<CartResponse>>
    {
        public async ValueTask<ContractResult<CartResponse>> Handle(
            Command command,
            CancellationToken cancellationToken) =>
            await pricing.ChangeWithSold(store, command.CustomerId, command.IfMatch, command.ProductId,
                cart => cart.Add(command.ProductId, command.Quantity), cancellationToken);
    }
}
