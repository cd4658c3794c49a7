using BuildingBlocks.Auth;
using BuildingBlocks.Idempotency;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Ordering.Contracts;
using Ordering.Persistence;

namespace Ordering.Features.PlaceOrder;

internal static class PlaceOrderEndpoint
{
    public static void Map(IEndpointRouteBuilder orders) => orders.MapPost("", async (
            Request request, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
        {
            var customer = http.User.UserId();
            if (customer is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "Orders are placed by users.");
            }

            var key = http.Request.Headers[IdempotencyEndpoints.Header].ToString();
            var result = await sender.Send(new Contracts.PlaceOrder(customer.Value, $"orders:{key}", request.Items!, request.ShippingAddress!, FromCart: false), cancellationToken);
            return result.IsSuccess
                ? TypedResults.Created($"/api/orders/{result.Value.Id}", result.Value)
                : result.Error.ToProblem();
        })
        .RequireAuthorization(ShopPolicies.Orders)
        .Validate<Request>()
        .WithIdempotencyKey<OrderingDbContext, Request>()
        .WithName("PlaceOrder")
        .Produces<OrderDetails>(StatusCodes.Status201Created);

    internal sealed record Request(IReadOnlyList<OrderItemRequest>? Items, ShippingAddress? ShippingAddress);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Items).Items();
            RuleFor(r => r.ShippingAddress).NotNull().SetValidator(new ShippingAddressValidator()!);
        }
    }
}
