using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Storefront.Tests.Browsing;

namespace Storefront.Tests;

[Collection(ShopCollection.Name)]
public sealed class AdminTests(ShopUnderTest shop)
{
    // Never finished on the loaded machine it was written on (no result within 15 minutes): skipped until someone sees
    // it pass, see the #16 note. The admin pages themselves are reached by hand and by no other test yet.
    [Fact(Skip = "Unverified: hung without a result when last run (#16 note)")]
    public async Task An_admin_creates_a_product_shoppers_find_edits_it_against_a_stale_version_and_ships_an_order()
    {
        var admin = await shop.NewPageAsync();
        await GoAsync(admin, "/");
        await SignInAsync(admin, ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Products", Exact = true }).ClickAsync();
        await CheckAccessibilityAsync(admin);

        // Create.
        var sku = "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var name = "Lighthouse Print " + sku[2..6];
        await admin.GetByText("New product").ClickAsync();
        await admin.GetByLabel("SKU").FillAsync(sku);
        await admin.GetByLabel("Name").FillAsync(name);
        await admin.GetByLabel("Description").FillAsync("A print of a lighthouse.");
        await admin.GetByLabel("Price").FillAsync("19.99");
        await admin.GetByLabel("Stock").FillAsync("5");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await admin.GetByRole(AriaRole.Heading, new() { Name = "Edit product" }).WaitForAsync();
        await CheckAccessibilityAsync(admin);
        var editUrl = admin.Url;

        // A shopper finds it and buys it.
        var email = await RegisterAsync(shop, "buyer");
        var shopper = await shop.NewPageAsync();
        await GoAsync(shopper, "/");
        await SignInAsync(shopper, email);
        await shopper.GetByLabel("Search products").FillAsync(sku[2..6]);
        await shopper.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await AddToCartAsync(shopper, name);
        await shopper.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await FillAddressAsync(shopper);
        await shopper.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await shopper.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}$"));
        Assert.Equal("Confirmed", await FinalStatusAsync(shopper));
        var orderId = shopper.Url[^36..];

        // Two admin tabs on the same version: the second save is refused with a clear message.
        var stale = await shop.NewPageAsync();
        await stale.GotoAsync("/");
        await SignInAsync(stale, ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        await stale.GotoAsync(editUrl);
        await admin.GotoAsync(editUrl);
        await admin.GetByLabel("Price").FillAsync("21.50");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await stale.GetByLabel("Name").FillAsync(name + " (old tab)");
        await stale.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(stale.GetByTestId("conflict")).ToContainTextAsync("changed by someone else");
        await CheckAccessibilityAsync(stale);

        // Ship the shopper's order.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Shipping" }).ClickAsync();
        await CheckAccessibilityAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ship order " + orderId[..8] }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Order shipped.");
        await shopper.ReloadAsync();
        Assert.Equal("Shipped", (await shopper.GetByTestId("order-status").TextContentAsync())!.Trim());

        await GoAsync(admin, "/admin/products?search=" + sku[2..6]);
        await ScreenshotAsync(admin, "admin-products");
    }
}
