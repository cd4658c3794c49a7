using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TestSupport;

namespace Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class RegisterTests(IdentityHost fixture)
{
    private readonly HttpClient _client = fixture.Host.CreateHttpClient();

    [Fact]
    public async Task Registration_creates_a_customer_account()
    {
        var email = Tokens.UniqueEmail();
        var response = await Tokens.RegisterAsync(_client, email, "Passw0rd!x-2026", "Grace");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("id").GetString(), out var id) && id.Version == 7);
        Assert.Equal(email, body.RootElement.GetProperty("email").GetString());
        Assert.Equal("Grace", body.RootElement.GetProperty("displayName").GetString());
        Assert.False(body.RootElement.TryGetProperty("password", out _));
        Assert.False(body.RootElement.TryGetProperty("passwordHash", out _));
    }

    [Fact]
    public async Task The_same_email_twice_is_a_conflict()
    {
        var email = Tokens.UniqueEmail();
        Assert.Equal(
            HttpStatusCode.Created,
            (await Tokens.RegisterAsync(_client, email, "Passw0rd!x-2026")).StatusCode);

        var again = await Tokens.RegisterAsync(_client, email.ToUpperInvariant(), "Passw0rd!y-2026");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("short1A")]
    [InlineData("alllowercase1")]
    [InlineData("NoDigitsHere")]
    [InlineData("")]
    public async Task A_weak_password_is_a_validation_problem(string password)
    {
        var response = await Tokens.RegisterAsync(_client, Tokens.UniqueEmail(), password);
        await AssertValidationProblemAsync(response, "password");
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("")]
    public async Task A_bad_email_is_a_validation_problem(string email)
    {
        var response = await Tokens.RegisterAsync(_client, email, "Passw0rd!x-2026");
        await AssertValidationProblemAsync(response, "email");
    }

    [Fact]
    public async Task Extra_fields_do_not_make_an_admin()
    {
        var email = Tokens.UniqueEmail();
        var response = await _client.PostAsJsonAsync("/api/identity/register",
            new { email, password = "Passw0rd!x-2026", displayName = "Eve", roles = new[] {
                "admin" }, role = "admin", id = Guid.Empty });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest);

        if (response.StatusCode == HttpStatusCode.Created)
        {
            var tokens = await Tokens.SignInAsync(fixture.Host, email, "Passw0rd!x-2026", Tokens.AdminScopes);
            Assert.False(tokens.HasScope("catalog.admin"));
            Assert.DoesNotContain(Jwt.Read(tokens.AccessToken).Claims, c => c.Type == "role" && c.Value == "admin");
        }
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(
            problem.RootElement.GetProperty("errors").TryGetProperty(field, out _),
            problem.RootElement.ToString());
    }
}
