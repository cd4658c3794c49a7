using System.Net;
using System.Text.Json;
using TestSupport;

namespace Identity.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Registrations_and_sign_ins_over_the_limit_get_429_with_retry_after()
    {
        using var host = new ShopHost(settings: new Dictionary<string, string?>
        {
            ["Identity:RateLimits:RegisterPerMinute"] = "2",
            ["Identity:RateLimits:SignInPerMinute"] = "1",
        });
        using var client = host.CreateHttpClient(handleCookies: true);

        Assert.Equal(
            HttpStatusCode.Created,
            (await Tokens.RegisterAsync(client, Tokens.UniqueEmail(), "Passw0rd!x-2026")).StatusCode);
        Assert.Equal(
            HttpStatusCode.Created,
            (await Tokens.RegisterAsync(client, Tokens.UniqueEmail(), "Passw0rd!x-2026")).StatusCode);
        await AssertLimitedAsync(await Tokens.RegisterAsync(client, Tokens.UniqueEmail(), "Passw0rd!x-2026"));

        var token = await Tokens.LoginPageTokenAsync(client);
        Assert.Equal(
            HttpStatusCode.OK,
            (await Tokens.PostLoginFormAsync(client, "a@example.com", "Wr0ngPassword", "/", token)).StatusCode);
        await AssertLimitedAsync(await Tokens.PostLoginFormAsync(client, "a@example.com", "Wr0ngPassword", "/", token));
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
    }
}
