using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Modules;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using Catalog.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cart.Features.Items;

/// <summary>Add to a line, set a line's quantity, remove a line, empty the cart.</summary>
internal static class ChangeCart
{
    public static void Map(IEndpointRouteBuilder cart)
    {
        cart.MapPost("items", (AddItemRequest request, HttpContext http, ISender sender, CancellationToken ct) =>
                Send(http, customer => new AddItem(customer, ETags.IfMatch(http.Request), request.ProductId!.Value, request.Quantity!.Value), sender, ct))
            .Validate<AddItemRequest>().WithName("AddCartItem");

        cart.MapPut("items/{productId:guid}", (Guid productId, SetQuantityRequest request, HttpContext http, ISender sender, CancellationToken ct) =>
                Send(http, customer => new SetQuantity(customer, ETags.IfMatch(http.Request), productId, request.Quantity!.Value), sender, ct))
            .Validate<SetQuantityRequest>().WithName("SetCartItemQuantity");

        cart.MapDelete("items/{productId:guid}", (Guid productId, HttpContext http, ISender sender, CancellationToken ct) =>
                Send(http, customer => new SetQuantity(customer, ETags.IfMatch(http.Request), productId, 0), sender, ct))
            .WithName("RemoveCartItem");

        cart.MapDelete("", async (HttpContext http, ISender sender, CancellationToken ct) =>
            {
                if (http.User.UserId() is not { } customer)
                {
                    return CartAnswers.NotAUser();
                }

                var result = await sender.Send(new ClearCart(customer, ETags.IfMatch(http.Request)), ct);
                return result.IsSuccess ? Results.NoContent() : result.Error.ToProblem();
            })
            .WithName("ClearCart").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> Send(HttpContext http, Func<Guid, ICommand<ContractResult<CartResponse>>> command, ISender sender, CancellationToken ct) =>
        http.User.UserId() is { } customer
            ? CartAnswers.Answer(await sender.Send(command(customer), ct), http.Response)
            : CartAnswers.NotAUser();

    internal sealed record AddItemRequest(Guid? ProductId, int? Quantity);

    internal sealed record SetQuantityRequest(int? Quantity);

    internal sealed class AddItemValidator : AbstractValidator<AddItemRequest>
    {
        public AddItemValidator()
        {
            RuleFor(r => r.ProductId).NotEmpty().NotEqual(Guid.Empty);
            RuleFor(r => r.Quantity).NotNull().InclusiveBetween(1, Domain.ShoppingCart.MaxQuantity);
        }
    }

    internal sealed class SetQuantityValidator : AbstractValidator<SetQuantityRequest>
    {
        public SetQuantityValidator() => RuleFor(r => r.Quantity).NotNull().InclusiveBetween(0, Domain.ShoppingCart.MaxQuantity);
    }

    internal sealed record AddItem(Guid CustomerId, long? IfMatch, Guid ProductId, int Quantity) : ICommand<ContractResult<CartResponse>>;

    internal sealed record SetQuantity(Guid CustomerId, long? IfMatch, Guid ProductId, int Quantity) : ICommand<ContractResult<CartResponse>>;

    internal sealed record ClearCart(Guid CustomerId, long? IfMatch) : ICommand<ContractResult<CartResponse>>;

    internal sealed class Handlers(CartStore store, CartPricing pricing, IModuleClient modules)
        : ICommandHandler<AddItem, ContractResult<CartResponse>>,
          ICommandHandler<SetQuantity, ContractResult<CartResponse>>,
          ICommandHandler<ClearCart, ContractResult<CartResponse>>
    {
        public async ValueTask<ContractResult<CartResponse>> Handle(AddItem command, CancellationToken ct) =>
            await ProductIsSold(command.ProductId, ct) is { } missing
                ? missing
                : await Priced(store.Change(command.CustomerId, command.IfMatch, cart => cart.Add(command.ProductId, command.Quantity), ct), ct);

        public async ValueTask<ContractResult<CartResponse>> Handle(SetQuantity command, CancellationToken ct) =>
            command.Quantity > 0 && await ProductIsSold(command.ProductId, ct) is { } missing
                ? missing
                : await Priced(store.Change(command.CustomerId, command.IfMatch, cart => cart.SetQuantity(command.ProductId, command.Quantity), ct), ct);

        public async ValueTask<ContractResult<CartResponse>> Handle(ClearCart command, CancellationToken ct) =>
            await Priced(store.Change(command.CustomerId, command.IfMatch, cart =>
            {
                cart.Lines.Clear();
                return null;
            }, ct), ct);

        private async Task<ContractError?> ProductIsSold(Guid productId, CancellationToken ct) =>
            (await modules.Query(new GetProductPrices([productId]), ct)).Count == 0
                ? ContractError.NotFound($"Product {productId} does not exist.")
                : null;

        private async Task<ContractResult<CartResponse>> Priced(Task<ContractResult<Domain.ShoppingCart>> change, CancellationToken ct)
        {
            var result = await change;
            return result.IsSuccess ? await pricing.Price(result.Value, ct) : result.Error;
        }
    }
}
