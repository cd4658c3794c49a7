using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using TestSupport;

namespace Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class AuthorizationCodeFlowTests(IdentityHost fixture)
{
    private readonly ShopHost _host = fixture.Host;

    [Fact]
    public async Task Discovery_names_the_endpoints_and_offers_S256_only()
    {
        using var client = _host.CreateHttpClient();
        using var discovery = JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration"));
        var root = discovery.RootElement;
        Assert.Equal(_host.BaseAddress.ToString(), root.GetProperty("issuer").GetString());
        Assert.Equal(
            new Uri(_host.BaseAddress, ".well-known/jwks").ToString(),
            root.GetProperty("jwks_uri").GetString());
        Assert.Equal(
            new Uri(_host.BaseAddress, "connect/authorize").ToString(),
            root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(
            ["S256"],
            root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var grants = root.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("authorization_code", grants);
        Assert.Contains("refresh_token", grants);
        Assert.Contains("client_credentials", grants);
    }

    [Fact]
    public async Task Jwks_publishes_public_rsa_keys_only()
    {
        using var client = _host.CreateHttpClient();
        using var jwks = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks"));
        var keys = jwks.RootElement.GetProperty("keys").EnumerateArray().ToArray();
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.False(key.TryGetProperty("d", out _));
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
        });
    }

    [Fact]
    public async Task Code_flow_through_the_sign_in_form_issues_a_signed_jwt_for_shop_api()
    {
        var email = Tokens.UniqueEmail();
        using var anonymous = _host.CreateHttpClient();
        var registered = await Tokens.RegisterAsync(anonymous, email, "Passw0rd!x-2026", "Ada");
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        using var account = JsonDocument.Parse(await registered.Content.ReadAsStringAsync());
        var userId = account.RootElement.GetProperty("id").GetString();

        var tokens = await Tokens.SignInAsync(_host, email, "Passw0rd!x-2026");

        var jwt = Jwt.Read(tokens.AccessToken);
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(_host.BaseAddress.ToString(), jwt.Issuer);
        Assert.Equal([Jwt.Audience], jwt.Audiences);
        Assert.Equal(userId, jwt.Subject);
        Assert.Contains(jwt.Claims, c => c.Type == "role" && c.Value == "customer");
        Assert.True(tokens.HasScope("cart") && tokens.HasScope("orders"));
        Assert.Equal(TimeSpan.FromMinutes(15), jwt.ValidTo - jwt.IssuedAt);
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdToken);

        using var api = _host.CreateAuthorizedClient(tokens.AccessToken);
        var me = await api.GetAsync("/api/identity/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var meJson = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
        Assert.Equal(email, meJson.RootElement.GetProperty("email").GetString());
        Assert.Equal("Ada", meJson.RootElement.GetProperty("displayName").GetString());

        using var userInfo = JsonDocument.Parse(await api.GetStringAsync("/connect/userinfo"));
        Assert.Equal(userId, userInfo.RootElement.GetProperty("sub").GetString());
        Assert.Equal(email, userInfo.RootElement.GetProperty("email").GetString());
        Assert.Equal(
            ["customer"],
            userInfo.RootElement.GetProperty("role").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Authorize_sends_an_anonymous_browser_to_the_login_page_with_a_local_return_url()
    {
        using var browser = _host.CreateHttpClient(handleCookies: true);
        var url = Tokens.AuthorizeUrl(
            Tokens.Storefront,
            Tokens.StorefrontRedirectUri,
            "openid cart",
            Pkce.Create().Challenge);
        var response = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var login = Tokens.Location(response, _host);
        Assert.Equal("/account/login", login.AbsolutePath);
        var returnUrl = QueryHelpers.ParseQuery(login.Query)["returnUrl"].ToString();
        Assert.StartsWith("/connect/authorize?", returnUrl);

        var page = await browser.GetStringAsync(login.PathAndQuery);
        Assert.Contains("<form method=\"post\"", page);
        Assert.Contains("name=\"email\"", page);
        Assert.Contains("name=\"password\"", page);
        Assert.Contains("name=\"returnUrl\"", page);
        Assert.Contains("name=\"__RequestVerificationToken\"", page);
    }

    [Fact]
    public async Task Admin_gets_catalog_admin_and_the_admin_role()
    {
        var tokens = await Tokens.AdminAsync(_host);
        Assert.True(tokens.HasScope("catalog.admin"));
        Assert.Contains(Jwt.Read(tokens.AccessToken).Claims, c => c.Type == "role" && c.Value == "admin");
    }

    [Fact]
    public async Task A_customer_never_gets_catalog_admin()
    {
        var tokens = await Tokens.RegisterAndSignInAsync(
            _host,
            Tokens.UniqueEmail(),
            "Passw0rd!x-2026",
            "openid roles catalog.admin cart");

        Assert.False(tokens.HasScope("catalog.admin"));
        Assert.True(tokens.HasScope("cart"));
        Assert.DoesNotContain("catalog.admin", Jwt.Read(tokens.AccessToken).GetClaim("scope").Value.Split(' '));

        // And the catalog's admin API refuses the customer's token: authenticated, but without the scope and role.
        using var api = _host.CreateAuthorizedClient(tokens.AccessToken);
        var create = await api.PostAsync(
            "/api/catalog/products",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_user_never_gets_internal()
    {
        var email = Tokens.UniqueEmail();
        using var anonymous = _host.CreateHttpClient();
        Assert.Equal(
            HttpStatusCode.Created,
            (await Tokens.RegisterAsync(anonymous, email, "Passw0rd!x-2026")).StatusCode);

        // The storefront may not ask for it: an OAuth error, before any sign-in.
        using var browser = _host.CreateHttpClient(handleCookies: true);
        var response = await browser.GetAsync(Tokens.AuthorizeUrl(
            Tokens.Storefront,
            Tokens.StorefrontRedirectUri,
            "openid internal",
            Pkce.Create().Challenge));
        var location = response.Headers.Location?.ToString() ?? "";
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest
            || location.Contains("error=invalid_scope", StringComparison.Ordinal),
            $"{(int)response.StatusCode} {location}");
        Assert.DoesNotContain("code=", location);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_is_refused_without_redirecting()
    {
        using var browser = _host.CreateHttpClient(handleCookies: true);
        var response = await browser.GetAsync(
            Tokens.AuthorizeUrl(Tokens.Storefront, "https://evil.example/callback", "openid", Pkce.Create().Challenge));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("plain", "plain")]
    [InlineData("challenge-without-method", null)]
    public async Task Authorize_without_an_S256_challenge_is_refused(string? challengeKind, string? method)
    {
        var pkce = Pkce.Create();
        var challenge = challengeKind switch { null => null, "plain" => pkce.Verifier, _ => pkce.Challenge };
        using var browser = _host.CreateHttpClient(handleCookies: true);
        var response = await browser.GetAsync(
            Tokens.AuthorizeUrl(Tokens.Storefront, Tokens.StorefrontRedirectUri, "openid cart", challenge, method));

        // An OAuth error (on the error page or back at the client), never the login page nor a code.
        var location = response.Headers.Location?.ToString() ?? "";
        var answer = response.StatusCode == HttpStatusCode.Found
            ? location
            : await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Found,
            $"{(int)response.StatusCode}");
        Assert.Contains("invalid_request", answer);
        Assert.DoesNotContain("/account/login", location);
        Assert.DoesNotContain("code=", location);
    }

    [Fact]
    public async Task Redeeming_a_code_with_a_wrong_or_missing_verifier_fails()
    {
        var email = Tokens.UniqueEmail();
        using var anonymous = _host.CreateHttpClient();
        Assert.Equal(
            HttpStatusCode.Created,
            (await Tokens.RegisterAsync(anonymous, email, "Passw0rd!x-2026")).StatusCode);

        foreach (var verifier in new[] { Pkce.Create().Verifier, null })
        {
            using var browser = _host.CreateHttpClient(handleCookies: true);
            var pkce = Pkce.Create();
            var url = Tokens.AuthorizeUrl(
                Tokens.Storefront,
                Tokens.StorefrontRedirectUri,
                "openid cart",
                pkce.Challenge);
            var code = await Tokens.AuthorizeThroughLoginFormAsync(browser, _host, email, "Passw0rd!x-2026", url);

            var response = await Tokens.RedeemCodeAsync(browser, code, verifier);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = await response.Content.ReadAsStringAsync();
            Assert.True(error.Contains("invalid_grant", StringComparison.Ordinal)
                || error.Contains("invalid_request", StringComparison.Ordinal), error);
            Assert.DoesNotContain("access_token", error);
        }
    }

    [Fact]
    public async Task End_session_signs_the_browser_out()
    {
        using var browser = _host.CreateHttpClient(handleCookies: true);
        var email = Tokens.UniqueEmail();
        Assert.Equal(
            HttpStatusCode.Created,
            (await Tokens.RegisterAsync(browser, email, "Passw0rd!x-2026")).StatusCode);
        var pkce = Pkce.Create();
        var url = Tokens.AuthorizeUrl(Tokens.Storefront, Tokens.StorefrontRedirectUri, "openid", pkce.Challenge);
        await Tokens.AuthorizeThroughLoginFormAsync(browser, _host, email, "Passw0rd!x-2026", url);

        var signedIn = await browser.GetAsync(url);
        Assert.StartsWith(Tokens.StorefrontRedirectUri, signedIn.Headers.Location?.ToString());

        // Without an id_token_hint the user confirms on a form (L8).
        var page = await browser.GetAsync("/connect/endsession");
        var endSession = await browser.PostAsync("/connect/endsession", Tokens.Form(new()
        {
            ["confirm"] = "yes", ["__RequestVerificationToken"] = Tokens.AntiforgeryToken(
                await page.Content.ReadAsStringAsync()),
        }));
        Assert.Equal(HttpStatusCode.Found, endSession.StatusCode);

        var again = await browser.GetAsync(url);
        Assert.Equal("/account/login", Tokens.Location(again, _host).AbsolutePath);
    }

    [Fact]
    public async Task Prompt_login_asks_a_signed_in_user_again_and_prompt_none_never_shows_the_page()
    {
        using var browser = _host.CreateHttpClient(handleCookies: true);
        var email = Tokens.UniqueEmail();
        Assert.Equal(
            HttpStatusCode.Created,
            (await Tokens.RegisterAsync(browser, email, "Passw0rd!x-2026")).StatusCode);
        var url = Tokens.AuthorizeUrl(
            Tokens.Storefront,
            Tokens.StorefrontRedirectUri,
            "openid",
            Pkce.Create().Challenge);

        var anonymous = await browser.GetAsync(url + "&prompt=none");
        Assert.Contains("error=login_required", anonymous.Headers.Location?.ToString());

        await Tokens.AuthorizeThroughLoginFormAsync(browser, _host, email, "Passw0rd!x-2026", url);
        var again = await browser.GetAsync(url + "&prompt=login");
        var login = Tokens.Location(again, _host);
        Assert.Equal("/account/login", login.AbsolutePath);
        var returnUrl = QueryHelpers.ParseQuery(login.Query)["returnUrl"].ToString();
        Assert.DoesNotContain("prompt", returnUrl);

        var token = await Tokens.LoginPageTokenAsync(browser, login.PathAndQuery);
        var posted = await Tokens.PostLoginFormAsync(browser, email, "Passw0rd!x-2026", returnUrl, token);
        var back = await browser.GetAsync(Tokens.Location(posted, _host).PathAndQuery);
        Assert.StartsWith(Tokens.StorefrontRedirectUri + "?code=", back.Headers.Location?.ToString());
    }
}
