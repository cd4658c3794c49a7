using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Storefront.Api;
using Storefront.Session;
using Storefront.Web;

namespace Storefront.Actions;

/// <summary>The cart's forms: add a product, change a line's quantity, remove a line. Each redirects to the cart
/// (post/redirect/get), so a reload never repeats it.</summary>
internal static class CartActions
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var cart = endpoints.MapGroup("/cart").RequireAuthorization(StorefrontSchemes.Shopper);
        cart.MapPost("/items", ([FromForm] Guid productId, [FromForm] int? quantity, IShopApi api, Flash flash,
                CancellationToken cancel) =>
            Act(flash, "/cart", "Added to your cart.", () => api.AddToCartAsync(productId, quantity ?? 1, cancel)));
        cart.MapPost("/lines/{productId:guid}", (Guid productId, [FromForm] string? quantity, IShopApi api,
                Flash flash, CancellationToken cancel) =>
            int.TryParse(quantity, out var count) && count is >= 0 and <= 99
                ? Act(flash, "/cart", count == 0 ? "Removed from your cart." : "Quantity updated.",
                    () => api.SetQuantityAsync(productId, count, cancel))
                : Task.FromResult(Results.LocalRedirect(
                    flash.Redirect("/cart", "A quantity is a whole number from 0 to 99.", isError: true))));
        cart.MapPost("/lines/{productId:guid}/remove", (Guid productId, IShopApi api, Flash flash,
                CancellationToken cancel) =>
            Act(flash, "/cart", "Removed from your cart.", () => api.RemoveFromCartAsync(productId, cancel)));
    }

    /// <summary>Runs an API call and redirects to <paramref name="page"/> with what happened.</summary>
    public static async Task<IResult> Act(Flash flash, string page, string success, Func<Task> call)
    {
        try
        {
            await call();
            return Results.LocalRedirect(flash.Redirect(page, success));
        }
        catch (ApiFailureException failure)
        {
            return Results.LocalRedirect(flash.Redirect(page, failure.ForPeople, isError: true));
        }
    }
}
