using System.Net;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>L8: another site cannot sign a user out: without a valid id_token_hint the user confirms on a
/// form.</summary>
[Collection(IdentityCollection.Name)]
public sealed class L8_EndSessionConfirmationTests(IdentityHost fixture)
{
    private readonly ShopHost _host = fixture.Host;

    [Fact]
    public async Task L8_end_session_without_a_hint_asks_first_and_signs_out_only_on_the_confirmed_form()
    {
        var (browser, authorize, _) = await SignedInBrowserAsync();

        // What a link or an <img> on another site does: the session survives it.
        var page = await browser.GetAsync("/connect/endsession?post_logout_redirect_uri=" +
                                          Uri.EscapeDataString("http://localhost:5173/"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" action=\"/connect/endsession\"", html);
        await AssertSignedInAsync(browser, authorize);

        // A cross-site form post has no antiforgery token: refused, still signed in.
        var forged = await browser.PostAsync("/connect/endsession", Tokens.Form(new() { ["confirm"] = "yes" }));
        Assert.NotEqual(HttpStatusCode.Found, forged.StatusCode);
        await AssertSignedInAsync(browser, authorize);

        var confirmed = await browser.PostAsync("/connect/endsession", Tokens.Form(new()
        {
            ["confirm"] = "yes",
            ["__RequestVerificationToken"] = Tokens.AntiforgeryToken(html),
            ["post_logout_redirect_uri"] = "http://localhost:5173/",
        }));
        Assert.Equal(HttpStatusCode.Found, confirmed.StatusCode);
        Assert.Equal("/account/login", Tokens.Location(await browser.GetAsync(authorize), _host).AbsolutePath);
    }

    [Fact]
    public async Task L8_end_session_with_the_users_own_id_token_hint_signs_out_at_once()
    {
        var (browser, authorize, idToken) = await SignedInBrowserAsync();

        var response = await browser.GetAsync("/connect/endsession?id_token_hint=" + Uri.EscapeDataString(idToken));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account/login", Tokens.Location(await browser.GetAsync(authorize), _host).AbsolutePath);
    }

    [Fact]
    public async Task L8_another_users_id_token_hint_does_not_sign_out_at_once()
    {
        var (browser, authorize, _) = await SignedInBrowserAsync();
        var other = await Tokens.NewCustomerAsync(_host, "openid profile");

        var response = await browser.GetAsync(
            "/connect/endsession?id_token_hint=" + Uri.EscapeDataString(other.IdToken!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertSignedInAsync(browser, authorize);
    }

    private async Task<(HttpClient Browser, string Authorize, string IdToken)> SignedInBrowserAsync()
    {
        var browser = _host.CreateHttpClient(handleCookies: true);
        var email = Tokens.UniqueEmail("l8");
        await Tokens.RegisterAsync(browser, email, Tokens.CustomerPassword);
        var pkce = Pkce.Create();
        var authorize = Tokens.AuthorizeUrl(Tokens.Storefront, Tokens.StorefrontRedirectUri, "openid", pkce.Challenge);
        var code = await Tokens.AuthorizeThroughLoginFormAsync(
            browser,
            _host,
            email,
            Tokens.CustomerPassword,
            authorize);
        var tokens = await Tokens.ReadTokensAsync(await Tokens.RedeemCodeAsync(browser, code, pkce.Verifier));
        return (browser, authorize, tokens.IdToken!);
    }

    private static async Task AssertSignedInAsync(HttpClient browser, string authorize)
    {
        var response = await browser.GetAsync(authorize);
        Assert.StartsWith(Tokens.StorefrontRedirectUri + "?code=", response.Headers.Location?.ToString());
    }
}
