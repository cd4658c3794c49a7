using System.Net;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>
/// L9: on one machine the gateway's address is 127.0.0.1, every local client's too: X-Forwarded-For is believed
/// only with the gateway's secret header, so a client cannot pick a new address per request to dodge the limits.
/// </summary>
public sealed class L9_ForwardedHeadersTrustTests
{
    private const string Secret = "test-gateway-forwarded-secret-32-chars+";

    [Fact]
    public async Task L9_a_spoofed_x_forwarded_for_without_the_gateway_secret_does_not_change_the_clients_address()
    {
        using var host = NewHost();
        using var client = host.CreateHttpClient();

        var first = await RegisterFromAsync(client, "203.0.113.1", secret: null);
        var second = await RegisterFromAsync(client, "203.0.113.2", secret: null);
        var wrongSecret = await RegisterFromAsync(
            client,
            "203.0.113.3",
            secret: "not-the-gateway-secret-but-32-chars-long");

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, second);
        Assert.Equal(HttpStatusCode.TooManyRequests, wrongSecret);
    }

    [Fact]
    public async Task L9_with_the_gateway_secret_x_forwarded_for_is_the_clients_address()
    {
        using var host = NewHost();
        using var client = host.CreateHttpClient();

        Assert.Equal(HttpStatusCode.Created, await RegisterFromAsync(client, "198.51.100.1", Secret));
        Assert.Equal(HttpStatusCode.Created, await RegisterFromAsync(client, "198.51.100.2", Secret));
        Assert.Equal(HttpStatusCode.TooManyRequests, await RegisterFromAsync(client, "198.51.100.2", Secret));
    }

    [Fact]
    public void L9_known_proxies_without_a_gateway_secret_refuse_to_start()
    {
        var failure = Assert.ThrowsAny<Exception>(() => new ShopHost(settings: new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["ForwardedHeaders:GatewaySecret"] = "",
        }).Dispose());
        Assert.Contains("GatewaySecret", failure.ToString());
    }

    private static ShopHost NewHost() => new(settings: new Dictionary<string, string?>
    {
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["ForwardedHeaders:GatewaySecret"] = Secret,
        ["Identity:RateLimits:RegisterPerMinute"] = "1",
    });

    private static async Task<HttpStatusCode> RegisterFromAsync(HttpClient client, string address, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/register")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                email = Tokens.UniqueEmail("l9"), password = Tokens.CustomerPassword, displayName = "L9",
            }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        if (secret is not null)
        {
            request.Headers.Add("X-Gateway-Secret", secret);
        }

        return (await client.SendAsync(request)).StatusCode;
    }
}
