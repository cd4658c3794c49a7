using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using TestSupport;

namespace Host.Tests;

public sealed class ProtocolPathTests
{
    [Fact]
    public async Task The_authorization_server_is_asked_about_its_endpoints_only_and_they_still_answer()
    {
        var asked = new ConcurrentQueue<string>();
        using var host = new ShopHost(configure: web => web.ConfigureServices(services => services.AddOpenIddict()
            .AddServer(server => server.AddEventHandler<OpenIddictServerEvents.ProcessRequestContext>(handler =>
                handler.UseInlineHandler(context =>
                {
                    asked.Enqueue(context.Transaction.GetHttpRequest()!.Path);
                    return default;
                }).SetOrder(int.MinValue)))));
        using var client = host.CreateHttpClient();

        using var products = await client.GetAsync("/api/catalog/products?pageSize=1");
        using var catalogPage = await client.GetAsync("/products");
        using var missing = await client.GetAsync("/api/nothing-here");
        using var discovery = await client.GetAsync("/.well-known/openid-configuration");
        using var keys = await client.GetAsync("/.well-known/jwks");
        using var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "nobody" }));
        // The storefront's OpenID Connect callback, found from its handler's options: refused, not unknown.
        using var callback = await client.GetAsync("/signin-oidc");

        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        Assert.Equal(HttpStatusCode.OK, catalogPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        Assert.Contains("\"error\"", await token.Content.ReadAsStringAsync()); // OpenIddict's answer, in OAuth's format
        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains("/.well-known/openid-configuration", asked);
        Assert.Contains("/.well-known/jwks", asked);
        Assert.Contains("/connect/token", asked);
        Assert.DoesNotContain(asked, path => !path.StartsWith("/connect/") && !path.StartsWith("/.well-known/"));
    }
}
