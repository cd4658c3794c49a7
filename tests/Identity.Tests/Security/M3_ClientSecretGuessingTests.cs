using System.Net;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>M3: every endpoint that authenticates a client is rate limited, and short client secrets are
/// refused.</summary>
public sealed class M3_ClientSecretGuessingTests
{
    [Theory]
    [InlineData("/connect/introspect")]
    [InlineData("/connect/revoke")]
    public async Task M3_wrong_client_secrets_over_the_token_limit_get_429(string path)
    {
        using var host = new ShopHost(
            settings: new Dictionary<string, string?> { ["Identity:RateLimits:TokenPerMinute"] = "3" });
        using var client = host.CreateHttpClient();

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var response = await client.PostAsync(path, Tokens.Form(new()
            {
                ["client_id"] = Tokens.InternalClient, ["client_secret"] = $"guess-{attempt}", ["token"] = "x",
            }));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(3), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.All(statuses.Skip(3), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public void M3_a_host_with_a_confidential_client_secret_under_32_characters_refuses_to_start()
    {
        // The confidential service client, wherever Development's client list puts it.
        using var development = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json")));
        var index = development.RootElement.GetProperty("Identity").GetProperty("Clients").EnumerateArray()
            .Select((client, i) => (Id: client.GetProperty("ClientId").GetString(), Index: i))
            .Single(c => c.Id == Tokens.InternalClient).Index;
        var failure = Assert.ThrowsAny<Exception>(() => new ShopHost(settings: new Dictionary<string, string?>
        {
            [$"Identity:Clients:{index}:ClientSecret"] = "only-31-characters-long-secret!",
        }).Dispose());

        Assert.Contains("at least 32", failure.ToString());
    }
}
