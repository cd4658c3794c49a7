using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using TestSupport;

namespace Gateway.Tests;

/// <summary>The gateway in front of a real Host whose issuer is the gateway's public URL, as in the scaled
/// topology.</summary>
public sealed class AggregationTests : IDisposable
{
    private readonly ShopHost _host;
    private readonly GatewayServer _gateway;

    public AggregationTests()
    {
        var publicPort = Ports.Free();
        _host = new ShopHost(settings: new Dictionary<string, string?>
        {
            ["Auth:Issuer"] = $"https://localhost:{publicPort}/",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        _gateway = new GatewayServer([_host.BaseAddress], publicPort: publicPort);
    }

    public void Dispose()
    {
        _gateway.Dispose();
        _host.Dispose();
    }

    /// <summary>Registration and the whole authorization code flow, every step through the gateway.</summary>
    private async Task<TokenSet> SignUpThroughTheGatewayAsync(string scopes)
    {
        var email = Tokens.UniqueEmail("gateway");
        const string password = "Gateway#2026pass";
        using var browser = _gateway.CreatePublicClient(handleCookies: true);
        Assert.Equal(HttpStatusCode.Created, (await Tokens.RegisterAsync(browser, email, password)).StatusCode);
        var pkce = Pkce.Create();
        var code = await Tokens.AuthorizeThroughLoginFormAsync(browser, _host, email, password,
            Tokens.AuthorizeUrl(Tokens.Storefront, Tokens.StorefrontRedirectUri, scopes, pkce.Challenge));
        return await Tokens.ReadTokensAsync(await Tokens.RedeemCodeAsync(browser, code, pkce.Verifier));
    }

    [Fact]
    public async Task Me_answers_the_user_the_cart_and_the_latest_orders_in_one_response()
    {
        var tokens = await SignUpThroughTheGatewayAsync(Tokens.CustomerScopes);
        using var client = _gateway.CreatePublicClient(tokens.AccessToken);

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = me.RootElement;
        Assert.False(string.IsNullOrEmpty(root.GetProperty("user").GetProperty("sub").GetString()));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("cart").GetProperty("items").ValueKind);
        Assert.Equal(5, root.GetProperty("orders").GetProperty("pageSize").GetInt32());
        Assert.Equal(0, root.GetProperty("errors").GetArrayLength());
    }

    [Fact]
    public async Task Me_reports_a_part_the_token_may_not_read_as_an_error_not_a_failure()
    {
        var tokens = await SignUpThroughTheGatewayAsync("openid profile orders");
        using var client = _gateway.CreatePublicClient(tokens.AccessToken);

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = me.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("cart").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("orders").ValueKind);
        var error = Assert.Single(root.GetProperty("errors").EnumerateArray());
        Assert.Equal("cart", error.GetProperty("part").GetString());
        Assert.Equal(403, error.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Me_needs_a_valid_token_and_a_host_echoes_the_callers_correlation_id()
    {
        using var anonymous = _gateway.CreatePublicClient();
        using var refused = await anonymous.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/products?page=1&pageSize=2");
        request.Headers.Add("X-Correlation-Id", "gateway-test-7");
        using var products = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        Assert.Equal("gateway-test-7", Assert.Single(products.Headers.GetValues("X-Correlation-Id")));
        Assert.Equal(
            2,
            (await products.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());
    }
}
