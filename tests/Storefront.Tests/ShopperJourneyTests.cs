using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Storefront.Tests.Browsing;

namespace Storefront.Tests;

[Collection(ShopCollection.Name)]
public sealed class ShopperJourneyTests(ShopUnderTest shop, ITestOutputHelper output)
{
    [Fact]
    public async Task A_new_shopper_registers_buys_follows_cancels_and_signs_out()
    {
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        await ScreenshotAsync(page, "catalog");

        // Register on the provider's page, linked from the storefront, then sign in with the new account.
        var email = NewEmail("ada");
        await page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/register", StringComparison.Ordinal));
        await CheckAccessibilityAsync(page);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Your name (optional)").FillAsync("Ada");
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
        await Assertions.Expect(page.GetByText("Ada", new() { Exact = true })).ToBeVisibleAsync();

        // Search, and add two products.
        await SearchAsync(page, "Mug");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Dot Grid Notebook" }))
            .ToHaveCountAsync(0);
        await AddToCartAsync(page, "Ceramic Mug");
        await CheckAccessibilityAsync(page);
        await GoAsync(page, "/");
        await SearchAsync(page, "Notebook");
        await AddToCartAsync(page, "Dot Grid Notebook");

        // Change a quantity: prices and totals come from the API (12.50 x 3 + 9.90).
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Quantity of Ceramic Mug" }).FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update quantity of Ceramic Mug" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("cart-total")).ToHaveTextAsync("47.40 EUR");
        await CheckAccessibilityAsync(page);
        await ScreenshotAsync(page, "cart");

        // Check out: the address form validates, then the order is followed to Confirmed.
        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/checkout$"));
        await CheckAccessibilityAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Please enter the city.").First).ToBeVisibleAsync();
        await CheckAccessibilityAsync(page);
        await FillAddressAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}$"));
        Assert.Equal("Confirmed", await FinalStatusAsync(page));
        await CheckAccessibilityAsync(page);
        await ScreenshotAsync(page, "order-confirmed");
        var orderUrl = page.Url;

        // The order is in the history; cancel it from its page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/orders$"));
        await CheckAccessibilityAsync(page);
        var shortId = orderUrl[^8..];
        await page.GetByRole(AriaRole.Link, new() { Name = shortId }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToBeVisibleAsync();

        // Sign out: back to an anonymous catalog.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).WaitForAsync();
        await GoAsync(page, "/cart");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);

        ReportAxe(output);
    }

    [Fact]
    public async Task A_double_clicked_place_order_makes_one_order()
    {
        var page = await AtCheckoutAsync(shop, "double");

        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).DblClickAsync();
        await page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}$"));
        await FinalStatusAsync(page);

        await GoAsync(page, "/orders");
        await Assertions.Expect(page.Locator("table.lines tbody tr")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_checkout_form_with_a_key_the_shop_did_not_make_is_a_message_and_places_nothing()
    {
        var page = await AtCheckoutAsync(shop, "forged");

        // The hidden key goes out as Idempotency-Key: a value no header can carry was a 503 "unavailable" page.
        await page.Locator("input[name='Form.IdempotencyKey']").EvaluateAsync("e => e.value = '\u221e'");
        var placed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.True(placed.Status < 500, $"the checkout answered {placed.Status}");
        await Assertions.Expect(page.GetByText("This form is not one the shop made")).ToBeVisibleAsync();
        await GoAsync(page, "/orders");
        await Assertions.Expect(page.Locator("table.lines tbody tr")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_session_outlives_the_access_token_through_refresh()
    {
        var email = await RegisterAsync(shop, "refresh");
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        await SignInAsync(page, email);
        await AddToCartAsync(page, "Gel Pen Set", 2);
        var signedIn = DateTime.UtcNow;

        // Past the first access token's lifetime (and the API's one-second clock skew), the cart still loads.
        await Eventually.Until(() => Task.FromResult(DateTime.UtcNow - signedIn),
            elapsed => elapsed > ShopUnderTest.AccessTokenLifetime + TimeSpan.FromSeconds(3),
            TimeSpan.FromMinutes(1));
        await GoAsync(page, "/cart");
        await Assertions.Expect(page.GetByRole(AriaRole.Spinbutton, new() { Name = "Quantity of Gel Pen Set" }))
            .ToHaveValueAsync("2");

        // And again past the second one: refresh tokens roll, each used once.
        await Eventually.Until(() => Task.FromResult(DateTime.UtcNow - signedIn),
            elapsed => elapsed > (2 * ShopUnderTest.AccessTokenLifetime) + TimeSpan.FromSeconds(3),
            TimeSpan.FromMinutes(1));
        await GoAsync(page, "/orders");
        await Assertions.Expect(page.GetByText("No orders yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session_at_the_provider_too()
    {
        var email = await RegisterAsync(shop, "signout");
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        await SignInAsync(page, email);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).WaitForAsync();

        // Without the provider's session, signing in asks for the password again instead of coming straight back.
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name is "shop.signin" or "shop.storefront");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_shopper_checks_out_with_the_keyboard_only()
    {
        var email = await RegisterAsync(shop, "keys");
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        await SignInAsync(page, email);

        await GoAsync(page, "/");
        await TabToAsync(page, "a[href^='/products/']");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).WaitForAsync();
        await TabToAsync(page, "form.add button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your cart" }).WaitForAsync();
        await TabToAsync(page, "a[href='/checkout']");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Checkout" }).WaitForAsync();

        await TabToAsync(page, "#name");
        foreach (var value in new[] { "Kay Board", "2 Tab Lane", "", "Paris", "75001", "FR" })
        {
            await page.Keyboard.TypeAsync(value);
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}$"));
        Assert.Equal("Confirmed", await FinalStatusAsync(page));
    }

    private static async Task SearchAsync(IPage page, string text)
    {
        await page.GetByLabel("Search products").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("search=" + text, StringComparison.Ordinal));
        await CheckAccessibilityAsync(page);
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/> (as a keyboard user would
    /// move through the page).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {selector} on {page.Url}");
    }
}
