using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

public sealed class EdgeAuthorizationTests : IAsyncLifetime
{
    private Rig _rig = null!;

    private Backend Backend => _rig.Backends[0];

    public async Task InitializeAsync() => _rig = await Rig.StartAsync(1);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task A_forged_or_expired_token_is_refused_with_401_before_any_host_sees_the_request()
    {
        string[] badTokens =
        [
            _rig.Issuer.Forged("mallory", "cart"),
            _rig.Issuer.Token("late", "cart", lifetime: TimeSpan.FromMinutes(-5)),
            "not-a-jwt",
        ];
        foreach (var token in badTokens)
        {
            using var client = _rig.Gateway.CreatePublicClient(token);
            using var response = await client.GetAsync("/api/cart");

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var anonymous = _rig.Gateway.CreatePublicClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/orders")).StatusCode);
        Assert.Equal(0, Backend.Count("/api/cart"));
        Assert.Equal(0, Backend.Count("/api/orders"));
    }

    [Fact]
    public async Task A_valid_token_without_the_route_scope_is_refused_with_403()
    {
        using var client = _rig.Gateway.CreatePublicClient(_rig.Issuer.Token("carol", "cart"));

        using var orders = await client.GetAsync("/api/orders");
        using var write = await client.PostAsJsonAsync("/api/catalog/products", new { sku = "X-1" });

        Assert.Equal(HttpStatusCode.Forbidden, orders.StatusCode);
        Assert.Equal("application/problem+json", orders.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(0, Backend.Count("/api/orders"));
        Assert.Equal(0, Backend.Count("/api/catalog/products"));
    }

    [Fact]
    public async Task A_token_with_the_scope_reaches_the_host_with_its_authorization_header_unchanged()
    {
        var token = _rig.Issuer.Token("dave", "cart orders");
        using var client = _rig.Gateway.CreatePublicClient(token);

        using var response = await client.GetAsync("/api/cart/items");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"Bearer {token}", (await Rig.EchoOf(response)).Header("Authorization"));
    }

    [Fact]
    public async Task Catalog_reads_and_identity_paths_are_anonymous_and_catalog_writes_need_an_admin()
    {
        using var anonymous = _rig.Gateway.CreatePublicClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/catalog/products?page=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/connect/authorize?client_id=x")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/account/login")).StatusCode);
        Assert.Equal(
            HttpStatusCode.OK,
            (await anonymous.PostAsJsonAsync("/api/identity/register", new { email = "a@b.c" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/api/catalog/products/1")).StatusCode);

        using var admin = _rig.Gateway.CreatePublicClient(_rig.Issuer.Token("root", "catalog.admin", roles: ["admin"]));
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/api/catalog/products/1")).StatusCode);

        using var scopeWithoutRole = _rig.Gateway.CreatePublicClient(_rig.Issuer.Token("eve", "catalog.admin"));
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await scopeWithoutRole.DeleteAsync("/api/catalog/products/1")).StatusCode);
    }

    [Fact]
    public async Task Internal_paths_are_404_on_the_public_listener_and_routed_on_the_internal_one()
    {
        var service = _rig.Issuer.Token("internal-services", "internal");
        using var publicClient = _rig.Gateway.CreatePublicClient(service);
        using var internalClient = _rig.Gateway.CreateInternalClient(service);

        using var onPublic = await publicClient.GetAsync("/internal/catalog/products/1");
        Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
        Assert.Equal("application/problem+json", onPublic.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, Backend.Count("/internal/catalog/products/1"));

        using var onInternal = await internalClient.GetAsync("/internal/catalog/products/1");
        Assert.Equal(HttpStatusCode.OK, onInternal.StatusCode);
        Assert.Equal("/internal/catalog/products/1", (await Rig.EchoOf(onInternal)).Path);

        Assert.Equal(HttpStatusCode.NotFound, (await internalClient.GetAsync("/api/catalog/products")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await internalClient.GetAsync("/health/live")).StatusCode);
        internalClient.DefaultRequestHeaders.Authorization
            = new AuthenticationHeaderValue("Bearer", _rig.Issuer.Token("user", "cart"));
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await internalClient.GetAsync("/internal/catalog/products/1")).StatusCode);
    }
}
