using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Shop.Client.Auth;

namespace Shop.Client.Tests;

public sealed class AuthorizationCodeTests
{
    [Fact]
    public async Task The_code_comes_back_to_the_loopback_listener_and_is_redeemed_with_the_pkce_verifier()
    {
        var server = new FakeServer(_ => FakeServer.Json(
            HttpStatusCode.OK, """{"access_token":"at-1","expires_in":900,"refresh_token":"rt-1"}"""));
        Uri? authorize = null;
        string? page = null;
        using var browser = new HttpClient();
        using var tokens = new AuthorizationCodeTokenSource(
            DeviceFlowTests.Endpoint(server, TimeProvider.System),
            "native-app",
            "openid cart",
            async (url, cancellationToken) =>
            {
                // The user signs in; the authorization server redirects the browser to the loopback address.
                authorize = url;
                var query = HttpUtility.ParseQueryString(url.Query);
                var redirect = $"{query["redirect_uri"]}?code=the-code&state={Uri.EscapeDataString(query["state"]!)}";
                page = await browser.GetStringAsync(new Uri(redirect), cancellationToken);
            });

        Assert.Equal("at-1", await tokens.GetAccessTokenAsync());

        var sent = HttpUtility.ParseQueryString(authorize!.Query);
        Assert.Equal("S256", sent["code_challenge_method"]);
        Assert.StartsWith("http://127.0.0.1:", sent["redirect_uri"], StringComparison.Ordinal);
        Assert.Contains("signed in", page, StringComparison.Ordinal);
        var redeemed = HttpUtility.ParseQueryString(server.Received.Single().Body);
        Assert.Equal("authorization_code", redeemed["grant_type"]);
        Assert.Equal("the-code", redeemed["code"]);
        Assert.Equal(sent["redirect_uri"], redeemed["redirect_uri"]);
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(redeemed["code_verifier"]!)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(sent["code_challenge"], challenge);
    }

    [Fact]
    public async Task A_redirect_with_another_state_is_refused()
    {
        var server = new FakeServer(_ => FakeServer.Json(HttpStatusCode.OK, """{"access_token":"at-1"}"""));
        using var browser = new HttpClient();
        using var tokens = new AuthorizationCodeTokenSource(
            DeviceFlowTests.Endpoint(server, TimeProvider.System),
            "native-app",
            "openid",
            async (url, cancellationToken) =>
            {
                var redirect = HttpUtility.ParseQueryString(url.Query)["redirect_uri"];
                await browser.GetStringAsync(new Uri($"{redirect}?code=stolen&state=forged"), cancellationToken);
            });

        await Assert.ThrowsAsync<OAuthException>(() => tokens.GetAccessTokenAsync());
        Assert.Empty(server.Received);
    }
}
