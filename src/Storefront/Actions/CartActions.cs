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
        // The form's values are read as text: one that is no number is the shopper's message, not a 400 problem in
        // JSON from the binder. (Also, the request delegate generator gives lambdas of the same parameter types one
        // delegate, whatever their [FromForm]: with a Guid productId from the form here, the route's productId below
        // was read from the form too, ADR 0016.)
        cart.MapPost("/items", ([FromForm] string? productId, [FromForm] string? quantity, IShopApi api, Flash flash,
                CancellationToken cancel) =>
            !Guid.TryParse(productId, out var product) ? Refuse(flash, "That product does not exist.")
            : (string.IsNullOrWhiteSpace(quantity) ? 1 : WholeNumber(quantity, 1)) is { } count
                ? Act(flash, "/cart", "Added to your cart.", () => api.AddToCartAsync(product, count, cancel))
                : Refuse(flash, "A quantity is a whole number from 1 to 99."));
        cart.MapPost("/lines/{productId:guid}", (Guid productId, [FromForm] string? quantity, IShopApi api,
                Flash flash, CancellationToken cancel) =>
            WholeNumber(quantity, 0) is { } count
                ? Act(flash, "/cart", count == 0 ? "Removed from your cart." : "Quantity updated.",
                    () => api.SetQuantityAsync(productId, count, cancel))
                : Refuse(flash, "A quantity is a whole number from 0 to 99."));
        cart.MapPost("/lines/{productId:guid}/remove", (Guid productId, IShopApi api, Flash flash,
                CancellationToken cancel) =>
            Act(flash, "/cart", "Removed from your cart.", () => api.RemoveFromCartAsync(productId, cancel)));
    }

    private static int? WholeNumber(string? text, int min) =>
        int.TryParse(text, out var number) && number >= min && number <= 99 ? number : null;

    private static Task<IResult> Refuse(Flash flash, string message) =>
        Task.FromResult(Results.LocalRedirect(flash.Redirect("/cart", message, isError: true)));

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
