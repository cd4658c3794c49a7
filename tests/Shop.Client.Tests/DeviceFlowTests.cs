using System.Net;
using Shop.Client.Auth;

namespace Shop.Client.Tests;

public sealed class DeviceFlowTests
{
    private const string Device = """
        {"device_code":"dev-123","user_code":"WDJB-MJHT","verification_uri":"http://shop.test/connect/verify",
         "verification_uri_complete":"http://shop.test/connect/verify?user_code=WDJB-MJHT","expires_in":600,
         "interval":5}
        """;

    [Fact]
    public async Task Polls_every_interval_slows_down_when_told_and_returns_the_tokens_once_approved()
    {
        var server = new FakeServer(
            _ => FakeServer.Json(HttpStatusCode.OK, Device),
            _ => FakeServer.Json(HttpStatusCode.BadRequest, """{"error":"authorization_pending"}"""),
            _ => FakeServer.Json(HttpStatusCode.BadRequest, """{"error":"slow_down"}"""),
            _ => FakeServer.Json(HttpStatusCode.BadRequest, """{"error":"authorization_pending"}"""),
            _ => FakeServer.Json(
                HttpStatusCode.OK,
                """{"access_token":"at-1","expires_in":900,"refresh_token":"rt-1","token_type":"Bearer"}"""));
        var clock = new ManualClock();
        DeviceAuthorization? shown = null;
        using var tokens = new DeviceCodeTokenSource(
            Endpoint(server, clock),
            "shop-cli",
            "openid offline_access cart",
            (device, _) =>
            {
                shown = device;
                return Task.CompletedTask;
            });

        Assert.Equal("at-1", await tokens.GetAccessTokenAsync());

        Assert.Equal("WDJB-MJHT", shown?.UserCode);
        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)],
            clock.Waits);
        var polls = server.Received.Skip(1).ToList();
        Assert.Equal(4, polls.Count);
        Assert.All(polls, p => Assert.Contains(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code", p.Body, StringComparison.Ordinal));
        Assert.All(polls, p => Assert.Contains("device_code=dev-123", p.Body, StringComparison.Ordinal));
        Assert.Equal("rt-1", tokens.Current?.RefreshToken);
    }

    [Fact]
    public async Task A_denied_sign_in_is_an_oauth_error()
    {
        var server = new FakeServer(
            _ => FakeServer.Json(HttpStatusCode.OK, Device),
            _ => FakeServer.Json(HttpStatusCode.BadRequest, """{"error":"access_denied"}"""));
        using var tokens = new DeviceCodeTokenSource(
            Endpoint(server, new ManualClock()), "shop-cli", "openid", (_, _) => Task.CompletedTask);

        var error = await Assert.ThrowsAsync<OAuthException>(() => tokens.GetAccessTokenAsync());
        Assert.Equal("access_denied", error.Error);
    }

    [Fact]
    public async Task Polling_stops_when_the_code_expires()
    {
        var server = new FakeServer(
            _ => FakeServer.Json(HttpStatusCode.OK, Device.Replace("600", "12", StringComparison.Ordinal)),
            _ => FakeServer.Json(HttpStatusCode.BadRequest, """{"error":"authorization_pending"}"""));
        using var tokens = new DeviceCodeTokenSource(
            Endpoint(server, new ManualClock()), "shop-cli", "openid", (_, _) => Task.CompletedTask);

        var error = await Assert.ThrowsAsync<OAuthException>(() => tokens.GetAccessTokenAsync());
        Assert.Equal("expired_token", error.Error);
        Assert.Equal(3, server.Received.Count); // the device request and two polls, at 5 s and 10 s
    }

    internal static TokenEndpointClient Endpoint(FakeServer server, TimeProvider clock) =>
        new(new HttpClient(server), OAuthEndpoints.ForIssuer(new Uri("http://shop.test/")), clock);
}
