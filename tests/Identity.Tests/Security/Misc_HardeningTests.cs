using System.Net;
using System.Text;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>Also-fix items of the review on the Host: response headers, PKCE challenge length, duplicate JSON
/// members.</summary>
[Collection(IdentityCollection.Name)]
public sealed class Misc_HardeningTests(IdentityHost fixture)
{
    private readonly ShopHost _host = fixture.Host;

    [Fact]
    public async Task Misc_every_host_answer_has_nosniff_and_no_server_header()
    {
        using var client = _host.CreateHttpClient();
        var answers = new[]
        {
            await client.GetAsync("/api/catalog/products"),
            await client.GetAsync("/api/identity/me"),
            await client.GetAsync("/account/login"),
            await client.GetAsync("/.well-known/openid-configuration"),
            await client.GetAsync("/no-such-page"),
            await client.PostAsync("/connect/token", Tokens.Form(new() { ["grant_type"] = "password" })),
            await client.PostAsync("/api/identity/register", new StringContent("{", Encoding.UTF8, "application/json")),
        };

        foreach (var response in answers)
        {
            var what = $"{response.RequestMessage!.RequestUri!.AbsolutePath} ({(int)response.StatusCode})";
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), what);
            Assert.Equal("nosniff", Assert.Single(nosniff));
            Assert.False(response.Headers.Contains("Server"), what + " has a Server header");
        }
    }

    [Theory]
    [InlineData(42)]
    [InlineData(129)]
    public async Task Misc_a_pkce_challenge_shorter_than_43_or_longer_than_128_is_refused(int length)
    {
        using var browser = _host.CreateHttpClient();
        var challenge = new string('A', length);
        var response = await browser.GetAsync(Tokens.AuthorizeUrl(Tokens.Storefront, Tokens.StorefrontRedirectUri,
            Tokens.CustomerScopes, challenge));

        // An OAuth error (on the error page or back at the client), never the login page nor a code.
        var location = response.Headers.Location?.ToString() ?? "";
        var answer = response.StatusCode == HttpStatusCode.Found
            ? location
            : await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Found,
            $"{(int)response.StatusCode}");
        Assert.Contains("invalid_request", answer);
        Assert.DoesNotContain("/account/login", location);
    }

    [Fact]
    public async Task Misc_a_pkce_challenge_of_43_characters_is_accepted()
    {
        using var browser = _host.CreateHttpClient();
        var response = await browser.GetAsync(Tokens.AuthorizeUrl(Tokens.Storefront, Tokens.StorefrontRedirectUri,
            Tokens.CustomerScopes, Pkce.Create().Challenge));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/account/login", Tokens.Location(response, _host).AbsolutePath);
    }

    [Fact]
    public async Task Misc_a_json_body_with_a_duplicate_member_is_400_and_creates_nothing()
    {
        using var client = _host.CreateHttpClient();
        var first = Tokens.UniqueEmail("dup");
        var second = Tokens.UniqueEmail("dup");
        var password = Tokens.CustomerPassword;
        var body = $$"""{"email":"{{first}}","password":"{{password}}","email":"{{second}}","displayName":"D"}""";

        var response = await client.PostAsync(
            "/api/identity/register",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var email in new[] { first, second })
        {
            await Assert.ThrowsAsync<InvalidOperationException>(
                () => Tokens.SignInAsync(_host, email, Tokens.CustomerPassword));
        }
    }
}
