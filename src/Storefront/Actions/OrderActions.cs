using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Storefront.Api;
using Storefront.Session;
using Storefront.Web;

namespace Storefront.Actions;

/// <summary><c>POST /orders/{id}/cancel</c>: the order's own page shows the outcome.</summary>
internal static class OrderActions
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/orders/{id:guid}/cancel", (Guid id, IShopApi api, Flash flash, CancellationToken cancel) =>
                CartActions.Act(flash, $"/orders/{id}", "Your order is cancelled.",
                    () => api.CancelOrderAsync(id, cancel)))
            .RequireAuthorization(StorefrontSchemes.Shopper);
}
