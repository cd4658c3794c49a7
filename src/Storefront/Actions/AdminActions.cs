using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Storefront.Api;
using Storefront.Session;
using Storefront.Web;

namespace Storefront.Actions;

/// <summary>The admin's one-button forms: delete a product, adjust its stock, ship an order.</summary>
internal static class AdminActions
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").RequireAuthorization(StorefrontSchemes.Admin);
        admin.MapPost("/products/{id:guid}/delete", (Guid id, IShopApi api, Flash flash, CancellationToken cancel) =>
            CartActions.Act(flash, "/admin/products", "Product deleted.", () => api.DeleteProductAsync(id, cancel)));
        admin.MapPost("/products/{id:guid}/stock", (Guid id, [FromForm] string? delta, IShopApi api, Flash flash,
                CancellationToken cancel) =>
            int.TryParse(delta, out var units) && units != 0
                ? CartActions.Act(flash, $"/admin/products/{id}", "Stock adjusted.",
                    () => api.AdjustStockAsync(id, units, cancel))
                : Task.FromResult(Results.LocalRedirect(flash.Redirect(
                    $"/admin/products/{id}", "The adjustment is a whole number, not 0.", isError: true))));
        admin.MapPost("/orders/{id:guid}/ship", (Guid id, IShopApi api, Flash flash, CancellationToken cancel) =>
            CartActions.Act(flash, "/admin/orders", "Order shipped.", () => api.ShipOrderAsync(id, cancel)));
    }
}
