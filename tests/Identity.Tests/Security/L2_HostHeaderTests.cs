using System.Net;
using System.Text.Json;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>L2: absolute URLs come from the configured issuer, never from the request's Host header.</summary>
[Collection(IdentityCollection.Name)]
public sealed class L2_HostHeaderTests(IdentityHost fixture)
{
    private const string Evil = "evil.example:4444";
    private readonly ShopHost _host = fixture.Host;

    [Fact]
    public async Task L2_the_discovery_document_names_the_issuer_whatever_the_host_header()
    {
        using var client = _host.CreateHttpClient();
        client.DefaultRequestHeaders.Host = Evil;

        var body = await client.GetStringAsync("/.well-known/openid-configuration");

        Assert.DoesNotContain("evil.example", body);
        using var discovery = JsonDocument.Parse(body);
        foreach (var name in new[] {
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "jwks_uri",
            "end_session_endpoint" })
        {
            Assert.StartsWith(_host.BaseAddress.ToString(), discovery.RootElement.GetProperty(name).GetString());
        }
    }

    [Fact]
    public async Task L2_the_sign_in_redirect_never_names_the_host_header()
    {
        using var client = _host.CreateHttpClient();
        client.DefaultRequestHeaders.Host = Evil;

        var response = await client.GetAsync(Tokens.AuthorizeUrl(Tokens.Storefront, Tokens.StorefrontRedirectUri,
            Tokens.CustomerScopes, Pkce.Create().Challenge));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.DoesNotContain("evil.example", location.ToString());
        Assert.Equal("/account/login", new Uri(_host.BaseAddress, location).AbsolutePath);
    }

    [Fact]
    public void L2_outside_development_a_host_without_allowed_hosts_refuses_to_start()
    {
        var failure = Assert.ThrowsAny<Exception>(() => new ShopHost(environment: "Production").Dispose());
        Assert.Contains("AllowedHosts", failure.ToString());
    }
}
