using Microsoft.Playwright;
using static Storefront.Tests.Browsing;

namespace Storefront.Tests;

/// <summary>A refusal of the API (a 404 through the typed client's problem handling) reaches the shopper as a
/// message with a retry, never as a stack trace or the API's JSON. (A module that does not answer at all:
/// <see cref="CatalogOutageTests"/>, on the split topology.)</summary>
[Collection(ShopCollection.Name)]
public sealed class FailurePageTests(ShopUnderTest shop)
{
    [Fact]
    public async Task A_product_that_does_not_exist_is_a_message_and_a_retry()
    {
        var id = Guid.NewGuid();
        var page = await shop.NewPageAsync();

        var response = await page.GotoAsync($"/products/{id}");

        Assert.Equal(404, response!.Status);
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("That does not exist (any more).");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Try again" })).ToHaveAttributeAsync(
            "href", $"/products/{id}");
        var source = await page.ContentAsync();
        Assert.DoesNotContain("Exception", source, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", source, StringComparison.Ordinal);
        await CheckAccessibilityAsync(page);
    }

    [Theory]
    [InlineData("/signin-oidc?code=abc&state=xyz")] // opened again from the history, or forged: no correlation cookie
    [InlineData("/signin-oidc?error=access_denied&state=xyz")] // the provider's refusal
    [InlineData("/signin-oidc")]
    public async Task A_sign_in_callback_that_is_not_ours_is_a_message_and_a_fresh_sign_in_not_a_500(string callback)
    {
        var page = await shop.NewPageAsync();

        var response = await page.GotoAsync(callback);

        Assert.Equal(400, response!.Status);
        Assert.Contains("frame-ancestors 'none'", await response.HeaderValueAsync("content-security-policy"),
            StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You are not signed in.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Try again" }))
            .ToHaveAttributeAsync("href", "/signin");
        Assert.DoesNotContain("Exception", await page.ContentAsync(), StringComparison.Ordinal);
        await CheckAccessibilityAsync(page);
    }

    [Fact]
    public async Task A_quantity_that_is_no_whole_number_is_a_message_on_the_cart_page_and_adds_nothing()
    {
        // A browser keeps a number field's value a number; a script or an older browser may not. This was the binder's
        // 400 problem in JSON, shown as such in the browser.
        var email = await RegisterAsync(shop, "quantity");
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        await SignInAsync(page, email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Ceramic Mug", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Ceramic Mug" }).WaitForAsync();

        await page.Locator("#quantity").EvaluateAsync("input => { input.type = 'text'; input.value = '1.5'; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert))
            .ToContainTextAsync("A quantity is a whole number from 1 to 99.");
        await Assertions.Expect(page.GetByText("Your cart is empty.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_address_the_API_refuses_says_which_field_and_orders_nothing()
    {
        // "UK" passes the form's own check (two letters) but is no ISO 3166-1 code (GB is): the API's 400 said only
        // "One or more validation errors occurred".
        var page = await AtCheckoutAsync(shop, "country");
        await page.GetByLabel("Country (two-letter code, e.g. DE)").FillAsync("UK");

        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("ISO 3166-1 alpha-2");
        await GoAsync(page, "/cart");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Check out" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_sign_out_callback_that_is_not_ours_leads_home_not_to_a_blank_page()
    {
        var page = await shop.NewPageAsync();

        await page.GotoAsync("/signout-callback-oidc?state=xyz");

        Assert.Equal(new Uri(shop.BaseAddress, "/"), new Uri(page.Url));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Catalog", Exact = true }))
            .ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    [InlineData("-3")]
    public async Task A_page_number_that_names_no_page_shows_the_first_one(string page)
    {
        // Blazor refuses a query value it cannot parse into the parameter's type by throwing: this was a 500.
        var browser = await shop.NewPageAsync();

        var response = await browser.GotoAsync($"/products?page={page}");

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(browser.GetByRole(AriaRole.Heading, new() { Name = "Catalog", Exact = true }))
            .ToBeVisibleAsync();
        await Assertions.Expect(browser.Locator("li.card").First).ToBeVisibleAsync();
        await Assertions.Expect(browser.GetByText("Page 1 of")).ToBeVisibleAsync();
    }
}
