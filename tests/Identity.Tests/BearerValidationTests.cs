using System.Net;
using TestSupport;

namespace Identity.Tests;

/// <summary>The APIs' bearer validation (here <c>/api/identity/me</c>) and OpenIddict's own
/// (<c>/connect/userinfo</c>).</summary>
[Collection(IdentityCollection.Name)]
public sealed class BearerValidationTests(IdentityHost fixture)
{
    private readonly ShopHost _host = fixture.Host;

    [Theory]
    [InlineData("/api/identity/me")]
    [InlineData("/connect/userinfo")]
    public async Task No_token_is_401_with_a_bearer_challenge(string path)
    {
        using var client = _host.CreateHttpClient();
        var response = await client.GetAsync(path);
        AssertRefused(response);
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_token_minted_with_the_host_key_is_accepted_so_the_refusals_below_are_about_one_flaw_each()
    {
        var (userId, kid) = await RealUserAsync();
        var token = Jwt.Mint(
            Jwt.HostSigningKey(_host, kid),
            _host.BaseAddress.ToString(),
            Jwt.Audience,
            userId,
            DateTime.UtcNow.AddMinutes(5));
        using var client = _host.CreateAuthorizedClient(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task Expired_foreign_alg_none_wrong_audience_wrong_issuer_and_tampered_tokens_are_refused()
    {
        var (userId, kid) = await RealUserAsync();
        var real = await Tokens.SignInAsync(_host, _email!, "Passw0rd!x-2026");
        var key = Jwt.HostSigningKey(_host, kid);
        var issuer = _host.BaseAddress.ToString();

        var bad = new Dictionary<string, string>
        {
            ["expired"] = Jwt.Mint(key, issuer, Jwt.Audience, userId, DateTime.UtcNow.AddMinutes(-5)),
            ["another key"] = Jwt.Mint(Jwt.ForeignKey(), issuer, Jwt.Audience, userId, DateTime.UtcNow.AddMinutes(5)),
            ["alg none"] = Jwt.Unsigned(real.AccessToken),
            ["another audience"] = Jwt.Mint(key, issuer, "another-api", userId, DateTime.UtcNow.AddMinutes(5)),
            ["another issuer"] = Jwt.Mint(
                key,
                "https://issuer.example/",
                Jwt.Audience,
                userId,
                DateTime.UtcNow.AddMinutes(5)),
            ["tampered"] = Jwt.Tampered(real.AccessToken),
            ["garbage"] = "not.a.jwt",
        };

        foreach (var (flaw, token) in bad)
        {
            using var client = _host.CreateAuthorizedClient(token);
            AssertRefused(await client.GetAsync("/api/identity/me"), flaw);
        }

        foreach (var flaw in new[] { "another key", "alg none", "tampered", "garbage" })
        {
            using var client = _host.CreateAuthorizedClient(bad[flaw]);
            AssertRefused(await client.GetAsync("/connect/userinfo"), "userinfo: " + flaw);
        }
    }

    private string? _email;

    private async Task<(string UserId, string Kid)> RealUserAsync()
    {
        _email = Tokens.UniqueEmail();
        var tokens = await Tokens.RegisterAndSignInAsync(_host, _email, "Passw0rd!x-2026");
        var jwt = Jwt.Read(tokens.AccessToken);
        return (jwt.Subject, jwt.Kid);
    }

    private static void AssertRefused(HttpResponseMessage response, string because = "")
    {
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{because}: {(int)response.StatusCode}");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }
}
