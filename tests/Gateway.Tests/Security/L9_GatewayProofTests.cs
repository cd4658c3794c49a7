using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

/// <summary>L9: the gateway proves itself to the Hosts with its secret header, and never passes on a client's
/// one.</summary>
public sealed class L9_GatewayProofTests
{
    private const string Secret = "gateway-test-forwarded-secret-of-32+";

    [Fact]
    public async Task L9_the_gateway_sends_its_own_secret_whatever_the_client_sent()
    {
        await using var rig = await Rig.StartAsync(
            1,
            new Dictionary<string, string?> { ["Gateway:ForwardedSecret"] = Secret });
        using var client = rig.Gateway.CreatePublicClient();
        client.DefaultRequestHeaders.Add("X-Gateway-Secret", "a-client-guess");

        var echo = await Rig.EchoOf(await client.GetAsync("/api/catalog/products"));

        Assert.Equal(Secret, echo.Header("X-Gateway-Secret"));
    }

    [Fact]
    public async Task L9_without_a_configured_secret_a_clients_secret_header_is_removed()
    {
        await using var rig = await Rig.StartAsync(
            1,
            new Dictionary<string, string?> { ["Gateway:ForwardedSecret"] = "" });
        using var client = rig.Gateway.CreatePublicClient();
        client.DefaultRequestHeaders.Add("X-Gateway-Secret", "a-client-guess");

        var echo = await Rig.EchoOf(await client.GetAsync("/api/catalog/products"));

        Assert.Null(echo.Header("X-Gateway-Secret"));
    }
}
