using BuildingBlocks.Auth;
using BuildingBlocks.Idempotency;
using BuildingBlocks.Web;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Ordering.Contracts;
using Ordering.Persistence;

namespace Ordering.Features.Placing;

/// <summary>
/// <c>POST /api/orders</c>: the body becomes a <see cref="PlaceOrder"/>, validated once by
/// <see cref="PlaceOrderValidator"/> on its way to <see cref="PlaceOrderHandler"/>.
/// </summary>
internal static class PlaceOrderEndpoint
{
    public static void Map(IEndpointRouteBuilder orders) => orders.MapPost("", async (
            Request request, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
        {
            if (http.User.UserId() is not { } customer)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    detail: "Orders are placed by users.");
            }

            var key = http.Request.Headers[IdempotencyEndpoints.Header].ToString();
            var command = new PlaceOrder(
                customer, $"orders:{key}", request.Items!, request.ShippingAddress!, SkipUnavailableProducts: false,
                ExemptFromCustomerLimits: http.User.IsAdmin());
            var result = await sender.Send(command, cancellationToken);
            return result.IsSuccess
                ? TypedResults.Created($"/api/orders/{result.Value.Id}", result.Value)
                : result.Error.ToProblem();
        })
        .RequireAuthorization(ShopPolicies.Orders)
        .WithIdempotencyKey<OrderingDbContext, Request>()
        .WithName("PlaceOrder")
        .Produces<OrderDetails>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal sealed record Request(IReadOnlyList<OrderItemRequest>? Items, ShippingAddress? ShippingAddress);
}
