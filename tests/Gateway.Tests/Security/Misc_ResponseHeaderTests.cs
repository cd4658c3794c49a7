using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

/// <summary>Also-fix items of the review at the edge: nosniff everywhere, no Server header, X-Served-By
/// opt-in.</summary>
public sealed class Misc_ResponseHeaderTests
{
    [Fact]
    public async Task Misc_every_gateway_answer_has_nosniff_and_no_server_header()
    {
        await using var rig = await Rig.StartAsync(1);
        using var anonymous = rig.Gateway.CreatePublicClient();
        using var authorized = rig.Gateway.CreatePublicClient(rig.Issuer.Token("frank", "cart"));

        var answers = new[]
        {
            await anonymous.GetAsync("/api/catalog/products"), // proxied, 200
            await anonymous.GetAsync("/api/cart"), // refused at the edge, 401
            await authorized.GetAsync("/api/cart"), // proxied with a token
            await anonymous.GetAsync("/health/live"), // the gateway's own
            await anonymous.GetAsync("/no-such-route"), // 404
        };

        foreach (var response in answers)
        {
            var what = $"{response.RequestMessage!.RequestUri!.AbsolutePath} ({(int)response.StatusCode})";
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), what);
            Assert.Equal("nosniff", Assert.Single(nosniff));
            Assert.False(response.Headers.Contains("Server"), what + " has a Server header");
        }
    }

    [Fact]
    public async Task Misc_x_served_by_is_off_by_default_outside_development()
    {
        await using var rig = await Rig.StartAsync(1, new Dictionary<string, string?>
        {
            ["AllowedHosts"] = "localhost;127.0.0.1",
        }, environment: "Production");
        using var client = rig.Gateway.CreatePublicClient();

        using var response = await client.GetAsync("/api/catalog/products");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Served-By"));
    }

    [Fact]
    public async Task Misc_x_served_by_is_sent_when_configured()
    {
        await using var rig = await Rig.StartAsync(1, new Dictionary<string, string?>
        {
            ["Gateway:ServedByHeader"] = "X-Served-By",
            ["AllowedHosts"] = "localhost;127.0.0.1",
        }, environment: "Production");
        using var client = rig.Gateway.CreatePublicClient();

        using var response = await client.GetAsync("/api/catalog/products");

        Assert.Equal(rig.Backends[0].DestinationId, Assert.Single(response.Headers.GetValues("X-Served-By")));
    }
}
