using System.Net;
using System.Net.Http.Json;

namespace EndToEnd.Tests;

[Collection(DeploymentCollection.Name)]
public sealed class SignInTests(Deployment shop)
{
    [Fact]
    public async Task Discovery_names_the_public_address_as_issuer_and_endpoints()
    {
        using var client = shop.CreateHttpClient();
        using var response = await client.GetAsync("/.well-known/openid-configuration");
        var discovery = await response.Json();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(shop.BaseAddress.ToString(), discovery["issuer"]!.GetValue<string>());
        Assert.Equal(
            new Uri(shop.BaseAddress, "connect/token").ToString(),
            discovery["token_endpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_customer_signs_in_with_the_code_flow_and_PKCE_and_uses_the_api()
    {
        var tokens = await Tokens.NewCustomerAsync(shop);
        using var client = shop.CreateAuthorizedClient(tokens.AccessToken);

        using var cart = await client.GetAsync("/api/cart");
        using var userInfo = await client.GetAsync("/connect/userinfo");

        Assert.Equal(shop.BaseAddress.ToString(), tokens.AccessTokenClaim("iss"));
        Assert.True(tokens.HasScope("cart") && tokens.HasScope("orders"), tokens.Scope);
        Assert.False(tokens.HasScope("internal"), tokens.Scope);
        Assert.Equal(HttpStatusCode.OK, cart.StatusCode);
        Assert.Equal(0, (await cart.Json())["totalQuantity"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        Assert.Equal(tokens.Subject, (await userInfo.Json())["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refresh_token_rolls_and_the_spent_one_is_refused_and_revokes_the_tokens_issued_from_it()
    {
        var first = await Tokens.NewCustomerAsync(shop);
        var second = await Tokens.RefreshAsync(shop, first.RefreshToken!);
        using var client = shop.CreateHttpClient();
        using var api = shop.CreateAuthorizedClient(second.AccessToken);
        using var before = await api.GetAsync("/api/cart");

        using var reuse = await Tokens.RefreshResponseAsync(client, first.RefreshToken!);

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal("invalid_grant", (await reuse.Json())["error"]!.GetValue<string>());
        // A replayed refresh token means it leaked: the whole grant is revoked (API.md), and every process refuses
        // the tokens issued from it within seconds (#14 L1, ADR 0015).
        using var after = await Eventually.Until(
            () => api.GetAsync("/api/cart"),
            r => r.StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5),
            "the access token of the replayed grant is refused");
        using var renewal = await Tokens.RefreshResponseAsync(client, second.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, renewal.StatusCode);
    }

    [Fact]
    public async Task The_api_answers_401_without_a_valid_token_and_403_without_the_scope_or_role()
    {
        using var anonymous = shop.CreateHttpClient();
        var customer = await Tokens.NewCustomerAsync(shop);
        using var forged = shop.CreateAuthorizedClient(customer.AccessToken[..^4]
            + (customer.AccessToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        using var client = shop.CreateAuthorizedClient(customer.AccessToken);

        using var noToken = await anonymous.GetAsync("/api/cart");
        using var badSignature = await forged.GetAsync("/api/cart");
        using var notAdmin = await client.PostAsJsonAsync("/api/catalog/products",
            new { sku = "E2E-NOT-ADMIN", name = "x", description = "x", unitPrice = 1m, stock = 1 });

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Contains(noToken.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal(HttpStatusCode.Unauthorized, badSignature.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
    }
}
