using System.Net;
using Shop.Client.Auth;

namespace Shop.Client.Tests;

public sealed class TokenRenewalTests
{
    [Fact]
    public async Task A_token_is_renewed_by_its_refresh_token_shortly_before_it_expires()
    {
        var server = new FakeServer(
            _ => FakeServer.Json(
                HttpStatusCode.OK, """{"access_token":"at-1","expires_in":300,"refresh_token":"rt-1"}"""),
            _ => FakeServer.Json(
                HttpStatusCode.OK, """{"access_token":"at-2","expires_in":300,"refresh_token":"rt-2"}"""));
        var clock = new ManualClock();
        using var tokens = new ClientCredentialsTokenSource(
            DeviceFlowTests.Endpoint(server, clock), "svc", "secret", "internal");
        tokens.Restore(new TokenSet("at-0", clock.GetUtcNow().AddSeconds(300), "rt-0", null));

        Assert.Equal("at-0", await tokens.GetAccessTokenAsync());
        clock.Advance(TimeSpan.FromSeconds(230)); // 70 s left: still good
        Assert.Equal("at-0", await tokens.GetAccessTokenAsync());
        Assert.Empty(server.Received);

        clock.Advance(TimeSpan.FromSeconds(20)); // 50 s left: inside the 60 s lead
        Assert.Equal("at-1", await tokens.GetAccessTokenAsync());
        Assert.Contains("grant_type=refresh_token", server.Received[0].Body, StringComparison.Ordinal);
        Assert.Contains("refresh_token=rt-0", server.Received[0].Body, StringComparison.Ordinal);
        Assert.Equal("rt-1", tokens.Current?.RefreshToken);
    }

    [Fact]
    public async Task Without_a_refresh_token_client_credentials_fetches_a_new_token()
    {
        var server = new FakeServer(
            _ => FakeServer.Json(HttpStatusCode.OK, """{"access_token":"at-1","expires_in":120}"""),
            _ => FakeServer.Json(HttpStatusCode.OK, """{"access_token":"at-2","expires_in":120}"""));
        var clock = new ManualClock();
        using var tokens = new ClientCredentialsTokenSource(
            DeviceFlowTests.Endpoint(server, clock), "svc", "secret", "internal");

        Assert.Equal("at-1", await tokens.GetAccessTokenAsync());
        Assert.Equal("at-1", await tokens.GetAccessTokenAsync());
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("at-2", await tokens.GetAccessTokenAsync());
        Assert.Equal(2, server.Received.Count);
        Assert.All(server.Received, r => Assert.Contains(
            "grant_type=client_credentials", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_grant_is_an_oauth_error_with_its_code()
    {
        var server = new FakeServer(_ => FakeServer.Json(
            HttpStatusCode.BadRequest, """{"error":"invalid_client","error_description":"bad secret"}"""));
        using var tokens = new ClientCredentialsTokenSource(
            DeviceFlowTests.Endpoint(server, new ManualClock()), "svc", "wrong", "internal");

        var error = await Assert.ThrowsAsync<OAuthException>(() => tokens.GetAccessTokenAsync());
        Assert.Equal("invalid_client", error.Error);
        Assert.Equal("bad secret", error.Description);
    }
}
