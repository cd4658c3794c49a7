using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TestSupport;

namespace Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class TokenEndpointTests(IdentityHost fixture)
{
    private readonly ShopHost _host = fixture.Host;

    [Fact]
    public async Task A_refresh_token_rolls_and_a_used_one_is_refused_and_revokes_its_successors()
    {
        var first = await Tokens.RegisterAndSignInAsync(_host, Tokens.UniqueEmail(), "Passw0rd!x-2026");

        var second = await Tokens.RefreshAsync(_host, first.RefreshToken!);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.True(second.HasScope("cart"));

        using var client = _host.CreateHttpClient();
        var reused = await Tokens.RefreshResponseAsync(client, first.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("invalid_grant", await reused.Content.ReadAsStringAsync());

        // Reuse means the token leaked: what was issued from it is revoked too.
        var successor = await Tokens.RefreshResponseAsync(client, second.RefreshToken!);
        Assert.Equal(HttpStatusCode.BadRequest, successor.StatusCode);
    }

    [Fact]
    public async Task Client_credentials_issue_an_internal_token_without_a_user()
    {
        var tokens = await Tokens.ClientCredentialsAsync(_host);

        Assert.True(tokens.HasScope("internal"));
        Assert.Null(tokens.RefreshToken);
        var jwt = Jwt.Read(tokens.AccessToken);
        Assert.Equal(Tokens.InternalClient, jwt.Subject);
        Assert.Equal([Jwt.Audience], jwt.Audiences);
        Assert.DoesNotContain(jwt.Claims, c => c.Type == "role");

        using var api = _host.CreateAuthorizedClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/identity/me")).StatusCode);
    }

    [Fact]
    public async Task Client_credentials_with_a_wrong_secret_or_a_public_client_fail()
    {
        using var client = _host.CreateHttpClient();
        var wrongSecret = await client.PostAsync("/connect/token", Tokens.Form(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Tokens.InternalClient,
            ["client_secret"] = "guess", ["scope"] = "internal",
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);

        var publicClient = await client.PostAsync("/connect/token", Tokens.Form(new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Tokens.Storefront, ["scope"] = "internal",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, publicClient.StatusCode);
    }

    [Fact]
    public async Task A_revoked_refresh_token_no_longer_works()
    {
        var tokens = await Tokens.RegisterAndSignInAsync(_host, Tokens.UniqueEmail(), "Passw0rd!x-2026");
        using var client = _host.CreateHttpClient();

        var revoke = await client.PostAsync("/connect/revoke", Tokens.Form(new()
        {
            ["client_id"] = Tokens.Storefront, ["token"] = tokens.RefreshToken!, ["token_type_hint"] = "refresh_token",
        }));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await Tokens.RefreshResponseAsync(client, tokens.RefreshToken!)).StatusCode);
    }

    [Fact]
    public async Task A_confidential_client_introspects_its_token()
    {
        var tokens = await Tokens.ClientCredentialsAsync(_host);
        using var client = _host.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(
                System.Text.Encoding.ASCII.GetBytes($"{Tokens.InternalClient}:{Tokens.InternalClientSecret}")));

        var response = await client.PostAsync(
            "/connect/introspect",
            Tokens.Form(new() { ["token"] = tokens.AccessToken }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("active").GetBoolean());

        var garbage = await client.PostAsync("/connect/introspect", Tokens.Form(new() { ["token"] = "not-a-token" }));
        using var inactive = JsonDocument.Parse(await garbage.Content.ReadAsStringAsync());
        Assert.False(inactive.RootElement.GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("/connect/token", "grant_type=refresh_token&client_id=storefront&refresh_token=a%00b")]
    [InlineData("/connect/token", "grant_type=client_credentials&client_id=internal%00&client_secret=x&scope=internal")]
    [InlineData("/connect/introspect", "client_id=internal-services&client_secret=x&token=a%00b")]
    [InlineData("/connect/revoke", "client_id=storefront&token=a%00b")]
    [InlineData("/connect/device", "client_id=shop-cli&scope=openid%00")]
    public async Task A_NUL_in_a_form_value_is_a_400_problem(string path, string form)
    {
        // ASP.NET Core's form reader refuses it; OpenIddict's endpoints let that through as a 500.
        using var client = _host.CreateHttpClient();
        using var content = new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");

        var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
