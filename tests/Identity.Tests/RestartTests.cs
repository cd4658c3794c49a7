using System.Net;
using TestSupport;

namespace Identity.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task Tokens_stay_valid_across_a_host_restart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "shop-tests", Guid.NewGuid().ToString("N"));
        var email = Tokens.UniqueEmail();
        TokenSet tokens;
        int port;
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true });
        var authorize = Tokens.AuthorizeUrl(
            Tokens.Storefront,
            Tokens.StorefrontRedirectUri,
            "openid cart",
            Pkce.Create().Challenge);
        using (var first = new ShopHost(dataDirectory))
        {
            port = first.Port;
            tokens = await Tokens.RegisterAndSignInAsync(first, email, "Passw0rd!x-2026");
            browser.BaseAddress = first.BaseAddress;
            await Tokens.AuthorizeThroughLoginFormAsync(browser, first, email, "Passw0rd!x-2026", authorize);
        }

        using var second = new ShopHost(dataDirectory, port);
        using var api = second.CreateAuthorizedClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/connect/userinfo")).StatusCode);

        // The refresh token (encrypted and signed with the persisted keys) still works, and the seeding ran again
        // without harm.
        var refreshed = await Tokens.RefreshAsync(second, tokens.RefreshToken!);
        Assert.Equal(Jwt.Read(tokens.AccessToken).Kid, Jwt.Read(refreshed.AccessToken).Kid);
        await Tokens.AdminAsync(second);

        // The browser's sign-in session too (its cookie is protected with keys kept in the database).
        var signedIn = await browser.GetAsync(authorize);
        Assert.StartsWith(Tokens.StorefrontRedirectUri + "?code=", signedIn.Headers.Location?.ToString());
    }
}
