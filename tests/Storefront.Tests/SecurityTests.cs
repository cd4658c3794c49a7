using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Storefront.Tests.Browsing;

namespace Storefront.Tests;

[Collection(ShopCollection.Name)]
public sealed partial class SecurityTests(ShopUnderTest shop)
{
    [Fact]
    public async Task No_token_reaches_the_browser_and_cookies_are_locked_down()
    {
        var email = await RegisterAsync(shop, "tokens");
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        await SignInAsync(page, email);
        await AddToCartAsync(page, "Ceramic Mug");

        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "shop.storefront");
        Assert.All(cookies, cookie => Assert.False(LooksLikeJwt(cookie.Value), $"{cookie.Name} holds a JWT"));

        // The storefront's cookies (the provider's own sign-in cookie, shop.signin, is Secure when its issuer is
        // HTTPS: docs/identity.md).
        Assert.All(cookies.Where(c => c.Name != "shop.signin"), cookie =>
        {
            Assert.True(cookie.HttpOnly, $"{cookie.Name} is HttpOnly");
            // Antiforgery refuses to run over plain HTTP with Secure cookies: its cookie is Secure over HTTPS (the
            // split topology behind the gateway); the session's cookies are Secure everywhere.
            Assert.True(cookie.Secure || (!ShopUnderTest.Split && cookie.Name.StartsWith(".AspNetCore.Antiforgery",
                StringComparison.Ordinal)), $"{cookie.Name} is Secure");
            // Lax, or Strict (antiforgery's default, stricter still): never None.
            Assert.True(cookie.SameSite is SameSiteAttribute.Lax or SameSiteAttribute.Strict,
                $"{cookie.Name} is SameSite={cookie.SameSite}");
        });
        Assert.Equal(SameSiteAttribute.Lax, cookies.Single(c => c.Name == "shop.storefront").SameSite);

        // Small: the session cookie is a reference to the server's session, not the tokens themselves (which take
        // kilobytes even encrypted).
        Assert.True(cookies.Single(c => c.Name == "shop.storefront").Value.Length < 600);

        foreach (var path in new[] { "/cart", "/orders", "/" })
        {
            await GoAsync(page, path);
            var source = await page.ContentAsync();
            Assert.False(LooksLikeJwt(source), $"{path} has a JWT in its source");
            Assert.DoesNotContain("access_token", source, StringComparison.Ordinal);
            Assert.DoesNotContain("refresh_token", source, StringComparison.Ordinal);
            var storage = await page.EvaluateAsync<string>(
                "() => JSON.stringify(Object.assign({}, localStorage)) + JSON.stringify(Object.assign({}, " +
                "sessionStorage))");
            Assert.False(LooksLikeJwt(storage), $"{path}: storage holds a JWT");
            Assert.Equal("{}{}", storage);
        }
    }

    [Fact]
    public async Task Pages_carry_a_content_security_policy_without_inline_scripts()
    {
        using var api = shop.Api();
        using var response = await api.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(InlineScript(), html);

        // And the browser sees no violation of it while a page works (enhanced navigation included).
        var page = await shop.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        await GoAsync(page, "/");
        await page.GetByLabel("Search products").FillAsync("Mug");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ceramic Mug" }).WaitForAsync();
        Assert.Empty(violations);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var email = await RegisterAsync(shop, "csrf");
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        await SignInAsync(page, email);

        // The shopper's own cookies, but a form from elsewhere (no antiforgery token): nothing changes.
        var products = await page.Locator("a[href^='/products/']").First.GetAttributeAsync("href");
        var response = await page.APIRequest.PostAsync("/cart/items", new()
        {
            Form = page.Context.APIRequest.CreateFormData().Set("productId", products![10..]).Set("quantity", "1"),
            MaxRedirects = 0,
        });
        Assert.Equal(400, response.Status);
        await GoAsync(page, "/cart");
        await Assertions.Expect(page.GetByText("Your cart is empty.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_pages_work_with_javascript_off()
    {
        var email = await RegisterAsync(shop, "nojs");
        var page = await shop.NewPageAsync(javaScript: false);
        await GoAsync(page, "/");
        await SignInAsync(page, email);
        await AddToCartAsync(page, "Crew Socks");
        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Quantity of Crew Socks" }).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update quantity of Crew Socks" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("cart-total")).ToHaveTextAsync("22.00 EUR");
        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await FillAddressAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/orders/[0-9a-f-]{36}$"));
        Assert.Equal("Confirmed", await FinalStatusAsync(page));
    }

    private static bool LooksLikeJwt(string text) => Jwt().IsMatch(text);

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
