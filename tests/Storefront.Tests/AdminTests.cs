using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Storefront.Tests.Browsing;

namespace Storefront.Tests;

[Collection(ShopCollection.Name)]
public sealed class AdminTests(ShopUnderTest shop, ITestOutputHelper output)
{
    [Fact]
    public async Task An_admin_creates_a_product_shoppers_find_edits_it_against_a_stale_version_and_ships_an_order()
    {
        var admin = await shop.NewPageAsync();
        await GoAsync(admin, "/");
        await SignInAsync(admin, ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Products", Exact = true }).ClickAsync();
        await admin.WaitForURLAsync(new Regex("/admin/products$"));
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
        await admin.WaitForURLAsync(new Regex("/admin/products/[0-9a-f-]{36}[?]"));
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Created {name}.");
        await CheckAccessibilityAsync(admin);
        var editUrl = new Uri(admin.Url).AbsolutePath;

        // A shopper finds it and buys it.
        var email = await RegisterAsync(shop, "buyer");
        var shopper = await shop.NewPageAsync();
        await GoAsync(shopper, "/");
        await SignInAsync(shopper, email);
        await shopper.GetByLabel("Search products").FillAsync(sku[2..6]);
        await shopper.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await shopper.WaitForURLAsync(url => url.Contains("search=", StringComparison.Ordinal));
        await AddToCartAsync(shopper, name);
        await shopper.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await shopper.WaitForURLAsync(new Regex("/checkout$"));
        await FillAddressAsync(shopper);
        await shopper.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await shopper.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}$"));
        Assert.Equal("Confirmed", await FinalStatusAsync(shopper));
        var orderId = shopper.Url[^36..];

        // Two admin tabs on the same version: the second save is refused with a clear message.
        var stale = await shop.NewPageAsync();
        await stale.GotoAsync("/");
        await SignInAsync(stale, ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        await GoAsync(stale, editUrl);
        await GoAsync(admin, editUrl);
        await admin.GetByLabel("Price").FillAsync("21.50");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await admin.WaitForURLAsync(url => url.Contains(editUrl + "?", StringComparison.Ordinal));
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Assertions.Expect(admin.GetByLabel("Price")).ToHaveValueAsync(new Regex(@"^21\.50?$"));
        await stale.GetByLabel("Name").FillAsync(name + " (old tab)");
        await stale.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(stale.GetByTestId("conflict")).ToContainTextAsync("changed by someone else");
        await CheckAccessibilityAsync(stale);

        // Nothing of the stale save was kept: the name is the one created, the price the newer tab's.
        await GoAsync(stale, editUrl);
        await Assertions.Expect(stale.GetByLabel("Name")).ToHaveValueAsync(name);
        await Assertions.Expect(stale.GetByLabel("Price")).ToHaveValueAsync(new Regex(@"^21\.50?$"));

        // Ship the shopper's order.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Shipping" }).ClickAsync();
        await admin.WaitForURLAsync(new Regex("/admin/orders$"));
        await CheckAccessibilityAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ship order " + orderId[^8..] }).ClickAsync();
        await admin.WaitForURLAsync(url => url.Contains("/admin/orders?", StringComparison.Ordinal));
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Order shipped.");
        await CheckAccessibilityAsync(admin);
        await shopper.ReloadAsync();
        Assert.Equal("Shipped", (await shopper.GetByTestId("order-status").TextContentAsync())!.Trim());

        await GoAsync(admin, "/admin/products");
        await ScreenshotAsync(admin, "admin-products");
        ReportAxe(output);
    }

    [Fact]
    public async Task Saving_a_product_another_admin_deleted_meanwhile_is_a_message_not_a_bare_400()
    {
        var admin = await shop.NewPageAsync();
        await GoAsync(admin, "/");
        await SignInAsync(admin, ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        await GoAsync(admin, "/admin/products");
        var sku = "D-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await admin.GetByText("New product").ClickAsync();
        await admin.GetByLabel("SKU").FillAsync(sku);
        await admin.GetByLabel("Name").FillAsync("Short-lived " + sku[2..6]);
        await admin.GetByLabel("Price").FillAsync("3.00");
        await admin.GetByLabel("Stock").FillAsync("1");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await admin.WaitForURLAsync(new Regex("/admin/products/[0-9a-f-]{36}[?]"));
        var editUrl = new Uri(admin.Url).AbsolutePath;

        // Another admin deletes it while this one still has its page open.
        var other = await shop.NewPageAsync();
        await GoAsync(other, "/");
        await SignInAsync(other, ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        await GoAsync(other, editUrl);
        await other.GetByRole(AriaRole.Button, new() { Name = "Delete this product" }).ClickAsync();
        await other.WaitForURLAsync(url => url.Contains("/admin/products?", StringComparison.Ordinal));

        // Blazor answered a posted form it no longer rendered with a plain-text 400 ("Cannot submit the form").
        await admin.GetByLabel("Name").FillAsync("Renamed");
        var saved = await admin.RunAndWaitForResponseAsync(
            () => admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(404, saved.Status);
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not exist");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Try again" })).ToBeVisibleAsync();
        Assert.DoesNotContain("Cannot submit the form", await admin.ContentAsync(), StringComparison.Ordinal);
        await CheckAccessibilityAsync(admin);
    }

    [Fact]
    public async Task A_save_with_a_version_the_shop_did_not_write_is_a_message_and_changes_nothing()
    {
        var admin = await shop.NewPageAsync();
        await GoAsync(admin, "/");
        await SignInAsync(admin, ShopUnderTest.AdminEmail, ShopUnderTest.AdminPassword);
        await GoAsync(admin, "/admin/products");
        var first = admin.Locator("a[href^='/admin/products/']").First;
        var editUrl = (await first.GetAttributeAsync("href"))!;
        await GoAsync(admin, editUrl);
        var name = await admin.GetByLabel("Name").InputValueAsync();

        // The hidden field goes back as If-Match: a value no header can carry was a 503 "unavailable" page.
        await admin.Locator("input[name='Form.Version']").EvaluateAsync("e => e.value = '\"\u221e\"'");
        await admin.GetByLabel("Name").FillAsync(name + " (forged)");
        var saved = await admin.RunAndWaitForResponseAsync(
            () => admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.True(saved.Status < 500, $"the save answered {saved.Status}");
        await Assertions.Expect(admin.GetByText("This form is not one the shop made")).ToBeVisibleAsync();
        await GoAsync(admin, editUrl);
        await Assertions.Expect(admin.GetByLabel("Name")).ToHaveValueAsync(name);
    }
}
