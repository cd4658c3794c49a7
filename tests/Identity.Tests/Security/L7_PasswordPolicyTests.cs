using System.Net;
using System.Text.Json;
using Identity.Security;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>L7: at least 12 characters, none of the 10,000 most common breached passwords, and no control
/// characters.</summary>
[Collection(IdentityCollection.Name)]
public sealed class L7_PasswordPolicyTests(IdentityHost fixture)
{
    private readonly ShopHost _host = fixture.Host;

    [Theory]
    [InlineData("Password1")] // the review's example: common, and short
    [InlineData("Abcdefgh123")] // 11 characters, every class
    [InlineData("Qwerty123456")] // 12 characters, breached (as qwerty123456)
    [InlineData("1Qaz2wsx3edc")] // 12 characters, breached (as 1qaz2wsx3edc)
    [InlineData("Q1w2e3r4t5y6")] // 12 characters, breached (as q1w2e3r4t5y6)
    [InlineData("Quiet-Harbour-71\u0000")] // a NUL: the sign-in form refuses it, so the account could never sign in
    [InlineData("Quiet-Harbour-71\u0007")] // a control character, which no keyboard types
    public async Task L7_a_short_or_breached_password_is_refused_with_a_validation_problem(string password)
    {
        using var client = _host.CreateHttpClient();
        var email = Tokens.UniqueEmail("l7");

        var response = await Tokens.RegisterAsync(client, email, password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("password", out _));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Tokens.SignInAsync(_host, email, password));
    }

    [Fact]
    public async Task L7_a_long_uncommon_password_is_accepted()
    {
        using var client = _host.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Created,
            (await Tokens.RegisterAsync(client, Tokens.UniqueEmail("l7"), "Quiet-Harbour-71")).StatusCode);
    }

    [Fact]
    public void L7_the_shipped_list_holds_the_top_10000()
    {
        Assert.Equal(10_000, BreachedPasswordValidator.Count);
    }
}
