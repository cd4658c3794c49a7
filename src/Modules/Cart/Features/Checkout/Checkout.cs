using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Idempotency;
using BuildingBlocks.Modules;
using BuildingBlocks.Web;
using Cart.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Ordering.Contracts;

namespace Cart.Features.Checkout;

/// <summary>
/// Turns the cart into an order through Ordering's <see cref="PlaceOrder"/> contract, which prices it at the
/// catalog's prices of this moment. The cart empties when <see cref="OrderPlaced"/> comes back.
/// </summary>
internal static class Checkout
{
    public static void Map(IEndpointRouteBuilder cart) => cart.MapPost("checkout", async (
            Request request, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
        {
            if (http.User.UserId() is not { } customer)
            {
                return CartAnswers.NotAUser();
            }

            var key = http.Request.Headers[IdempotencyEndpoints.Header].ToString();
            var result = await sender.Send(new Command(customer, key, request.ShippingAddress), cancellationToken);
            return result.IsSuccess
                ? TypedResults.Created($"/api/orders/{result.Value.Id}", result.Value)
                : result.Error.ToProblem();
        })
        .WithIdempotencyKey<CartDbContext, Request>()
        .WithName("Checkout")
        .Produces<OrderDetails>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal sealed record Request(ShippingAddress? ShippingAddress);

    internal sealed record Command(Guid CustomerId, string IdempotencyKey, ShippingAddress? ShippingAddress) : ICommand<ContractResult<OrderDetails>>;

    internal sealed class Handler(CartStore store, IModuleClient modules) : ICommandHandler<Command, ContractResult<OrderDetails>>
    {
        public async ValueTask<ContractResult<OrderDetails>> Handle(Command command, CancellationToken cancellationToken)
        {
            // Unpriced: Ordering prices the lines (and leaves out deleted products) in the same call.
            var cart = await store.Read(command.CustomerId, cancellationToken);
            if (cart is null || cart.Lines.Count == 0)
            {
                return ContractError.Conflict("The cart is empty.");
            }

            var items = cart.Lines.Select(l => new OrderItemRequest(l.ProductId, l.Quantity)).ToList();
            return await modules.Send(
                new PlaceOrder(command.CustomerId, $"checkout:{command.IdempotencyKey}", items, command.ShippingAddress!, FromCart: true),
                cancellationToken);
        }
    }
}
