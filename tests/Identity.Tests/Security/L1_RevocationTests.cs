using System.Diagnostics;
using System.Net;
using System.Text.Json;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>
/// L1: a revocation reaches the APIs. Validation is offline and validated tokens are remembered (ADR 0007), so
/// without the revocation list a revoked access token kept working at <c>/api/**</c> until it expired. Each test first
/// uses the access token (so that it is in the validated-token cache), revokes, then polls <c>/api/cart</c> until it
/// answers 401 <c>invalid_token</c>, within 5 seconds.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class L1_RevocationTests(IdentityHost fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);
    private readonly ShopHost _host = fixture.Host;

    [Theory]
    [InlineData("refresh_token")]
    [InlineData("access_token")]
    public async Task L1_revoking_a_token_of_a_grant_refuses_its_access_token_at_the_api_within_5_s(string revoked)
    {
        var tokens = await Tokens.NewCustomerAsync(_host);
        await ExpectAcceptedAsync(tokens.AccessToken);
        var other = await Tokens.NewCustomerAsync(_host);
        await ExpectAcceptedAsync(other.AccessToken);

        using var client = _host.CreateHttpClient();
        var revoke = await client.PostAsync("/connect/revoke", Tokens.Form(new()
        {
            ["client_id"] = Tokens.Storefront,
            ["token"] = revoked == "refresh_token" ? tokens.RefreshToken! : tokens.AccessToken,
            ["token_type_hint"] = revoked,
        }));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        await ExpectRefusedWithinAsync(tokens.AccessToken);
        await ExpectAcceptedAsync(other.AccessToken);
    }

    [Fact]
    public async Task L1_a_refresh_token_presented_twice_refuses_every_access_token_of_that_authorization()
    {
        var first = await Tokens.NewCustomerAsync(_host);
        var second = await Tokens.RefreshAsync(_host, first.RefreshToken!);
        await ExpectAcceptedAsync(first.AccessToken);
        await ExpectAcceptedAsync(second.AccessToken);

        using var client = _host.CreateHttpClient();
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await Tokens.RefreshResponseAsync(client, first.RefreshToken!)).StatusCode);

        await ExpectRefusedWithinAsync(second.AccessToken);
        await ExpectRefusedWithinAsync(first.AccessToken);
    }

    [Fact]
    public async Task L1_an_authorization_code_replayed_refuses_the_access_token_it_gave()
    {
        var email = Tokens.UniqueEmail();
        using (var anonymous = _host.CreateHttpClient())
        {
            Assert.Equal(
                HttpStatusCode.Created,
                (await Tokens.RegisterAsync(anonymous, email, Tokens.CustomerPassword, "Ada")).StatusCode);
        }

        using var browser = _host.CreateHttpClient(handleCookies: true);
        var pkce = Pkce.Create();
        var authorize = Tokens.AuthorizeUrl(
            Tokens.Storefront, Tokens.StorefrontRedirectUri, Tokens.CustomerScopes, pkce.Challenge);
        var code = await Tokens.AuthorizeThroughLoginFormAsync(
            browser, _host, email, Tokens.CustomerPassword, authorize);
        var tokens = await Tokens.ReadTokensAsync(await Tokens.RedeemCodeAsync(browser, code, pkce.Verifier));
        await ExpectAcceptedAsync(tokens.AccessToken);

        var replay = await Tokens.RedeemCodeAsync(browser, code, pkce.Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);

        await ExpectRefusedWithinAsync(tokens.AccessToken);
    }

    [Fact]
    public async Task L1_the_revocation_list_is_served_to_service_clients_only_and_names_the_authorization()
    {
        var tokens = await Tokens.NewCustomerAsync(_host);
        var authorization = tokens.AccessTokenClaim("oi_au_id");
        Assert.False(string.IsNullOrEmpty(authorization));
        using (var client = _host.CreateHttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/connect/revoke", Tokens.Form(new()
            {
                ["client_id"] = Tokens.Storefront, ["token"] = tokens.RefreshToken!,
                ["token_type_hint"] = "refresh_token",
            }))).StatusCode);
        }

        using var customer = _host.CreateAuthorizedClient((await Tokens.NewCustomerAsync(_host)).AccessToken);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await customer.GetAsync("/internal/identity/revocations")).StatusCode);

        using var service = _host.CreateAuthorizedClient((await Tokens.ClientCredentialsAsync(_host)).AccessToken);
        using var list = JsonDocument.Parse(await service.GetStringAsync("/internal/identity/revocations"));
        var entry = Assert.Single(
            list.RootElement.EnumerateArray(),
            e => e.GetProperty("authorizationId").GetString() == authorization);
        var expiresAt = entry.GetProperty("expiresAt").GetDateTime();
        Assert.InRange(expiresAt, DateTime.UtcNow.AddMinutes(14), DateTime.UtcNow.AddMinutes(16));
    }

    private async Task ExpectAcceptedAsync(string accessToken)
    {
        using var client = _host.CreateAuthorizedClient(accessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cart")).StatusCode);
    }

    private async Task ExpectRefusedWithinAsync(string accessToken)
    {
        using var client = _host.CreateAuthorizedClient(accessToken);
        var since = Stopwatch.StartNew();
        using var refused = await Eventually.Until(
            () => client.GetAsync("/api/cart"),
            r => r.StatusCode == HttpStatusCode.Unauthorized,
            Within,
            "the revoked authorization's access token is refused at /api/cart");
        Assert.InRange(since.Elapsed, TimeSpan.Zero, Within);
        Assert.Contains(
            refused.Headers.WwwAuthenticate,
            h => h.Scheme == "Bearer" && h.Parameter?.Contains("error=\"invalid_token\"", StringComparison.Ordinal)
                == true);
    }
}
