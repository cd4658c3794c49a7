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
/// <c>POST /api/cart/checkout</c>: turns the cart into an order through Ordering's <see cref="PlaceOrder"/>, which
/// prices it, then takes the ordered lines out of the cart with Ordering's answer in hand. The endpoint's
/// <c>Idempotency-Key</c> replays a completed checkout; <see cref="PlaceOrder"/>'s own key (derived from it) makes a
/// checkout whose answer was lost find its order on the retry.
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
            var command = new Command(customer, http.User.IsAdmin(), key, request.ShippingAddress);
            var result = await sender.Send(command, cancellationToken);
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

    internal sealed record Command(
        Guid CustomerId, bool IsAdmin, string IdempotencyKey, ShippingAddress? ShippingAddress)
        : ICommand<ContractResult<OrderDetails>>;

    internal sealed class Handler(CartStore store, IModuleClient modules)
        : ICommandHandler<Command, ContractResult<OrderDetails>>
    {
        public async ValueTask<ContractResult<OrderDetails>> Handle(
            Command command,
            CancellationToken cancellationToken)
        {
            var orderKey = $"checkout:{command.IdempotencyKey}";
            var cart = await store.Read(command.CustomerId, cancellationToken);
            if (cart is null || cart.Lines.Count == 0)
            {
                // Empty now, but an earlier attempt with this key may have placed the order and lost its answer.
                var earlier = await modules.Query(
                    new GetOrderByIdempotencyKey(command.CustomerId, orderKey),
                    cancellationToken);
                return earlier.IsSuccess ? earlier : ContractError.Conflict("The cart is empty.");
            }

            // Unpriced lines: Ordering prices them, and leaves out products deleted since they were added (the cart
            // does not show those either). With a key already used, Ordering answers with that key's order.
            var items = cart.Lines.Select(l => new OrderItemRequest(l.ProductId, l.Quantity)).ToList();
            var placed = await modules.Send(
                new PlaceOrder(
                    command.CustomerId,
                    orderKey,
                    items,
                    command.ShippingAddress!,
                    SkipUnavailableProducts: true,
                    ExemptFromCustomerLimits: command.IsAdmin),
                cancellationToken);
            if (placed.IsSuccess)
            {
                var ordered = placed.Value.Items.Select(l => (l.ProductId, l.Quantity)).ToList();
                await store.RemoveOrdered(command.CustomerId, placed.Value.Id, ordered, cancellationToken);
            }

            return placed;
        }
    }
}
