using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Cart.Persistence;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cart.Features.Items;

internal static class GetCart
{
    public static void Map(IEndpointRouteBuilder cart) => cart.MapGet("", async (
            HttpContext http, ISender sender, CancellationToken cancellationToken) =>
            http.User.UserId() is { } customer
                ? CartAnswers.Answer(await sender.Send(new Query(customer), cancellationToken), http.Response)
                : CartAnswers.NotAUser())
        .RequireAuthorization(ShopPolicies.Cart)
        .WithName("GetCart")
        .Produces<CartResponse>();

    internal sealed record Query(Guid CustomerId) : IQuery<CartResponse>;

    internal sealed class Handler(CartStore store, CartPricing pricing) : IQueryHandler<Query, CartResponse>
    {
        public async ValueTask<CartResponse> Handle(Query query, CancellationToken cancellationToken) =>
            await pricing.Price(await store.Read(query.CustomerId, cancellationToken), cancellationToken);
    }
}
