using System.Net;
using TestSupport;

namespace Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class SignInPageTests(IdentityHost fixture)
{
    private const string Password = "Passw0rd!x-2026";
    private const string GenericMessage = "Invalid email or password.";
    private readonly ShopHost _host = fixture.Host;

    [Fact]
    public async Task Success_redirects_to_a_local_return_url()
    {
        var (browser, email) = await RegisteredBrowserAsync();
        var token = await Tokens.LoginPageTokenAsync(browser);
        var response = await Tokens.PostLoginFormAsync(browser, email, Password, "/connect/authorize?x=1", token);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/connect/authorize?x=1", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example/steal")]
    [InlineData("javascript:alert(1)")]
    public async Task An_open_redirect_return_url_is_replaced_by_the_home_page(string returnUrl)
    {
        var (browser, email) = await RegisteredBrowserAsync();
        var token = await Tokens.LoginPageTokenAsync(
            browser,
            "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var response = await Tokens.PostLoginFormAsync(browser, email, Password, returnUrl, token);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_answer()
    {
        var (browser, email) = await RegisteredBrowserAsync();
        var wrongPassword = await Tokens.PostLoginFormAsync(
            browser,
            email,
            "Wr0ngPassword",
            "/",
            await Tokens.LoginPageTokenAsync(browser));
        var unknownEmail = await Tokens.PostLoginFormAsync(
            browser,
            Tokens.UniqueEmail("nobody"),
            Password,
            "/",
            await Tokens.LoginPageTokenAsync(browser));

        foreach (var response in new[] { wrongPassword, unknownEmail })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(GenericMessage, html);
            Assert.Contains("<form method=\"post\"", html);
        }
    }

    [Fact]
    public async Task Five_failures_lock_the_account()
    {
        var (browser, email) = await RegisteredBrowserAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var failed = await Tokens.PostLoginFormAsync(
                browser,
                email,
                "Wr0ngPassword",
                "/",
                await Tokens.LoginPageTokenAsync(browser));
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var correct = await Tokens.PostLoginFormAsync(
            browser,
            email,
            Password,
            "/",
            await Tokens.LoginPageTokenAsync(browser));
        Assert.Equal(HttpStatusCode.OK, correct.StatusCode);
        Assert.Contains(GenericMessage, await correct.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var (browser, email) = await RegisteredBrowserAsync();
        await Tokens.LoginPageTokenAsync(browser);
        var response = await browser.PostAsync(
            "/account/login",
            Tokens.Form(new() { ["email"] = email, ["password"] = Password, ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    public async Task A_form_that_cannot_be_read_is_a_400_problem(string path)
    {
        // A NUL in a form value: the form reader refuses it, inside the antiforgery check (it was a 500).
        var (browser, email) = await RegisteredBrowserAsync();
        var token = await Tokens.LoginPageTokenAsync(browser);
        using var form = new StringContent(
            $"email={Uri.EscapeDataString(email)}&password=%00&__RequestVerificationToken={Uri.EscapeDataString(token)}",
            System.Text.Encoding.ASCII,
            "application/x-www-form-urlencoded");

        var response = await browser.PostAsync(path, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Wrong_passwords_sent_at_once_lock_the_account_as_the_same_number_in_turn_would()
    {
        // Each request checks the lockout before its password, so a dozen at once all reach the check; the failures
        // after the fifth used to restart the count and lift the lockout they had just set.
        var (_, email) = await RegisteredBrowserAsync();
        var browsers = Enumerable.Range(0, 12).Select(_ => _host.CreateHttpClient(handleCookies: true)).ToList();
        var tokens = await Task.WhenAll(browsers.Select(b => Tokens.LoginPageTokenAsync(b)));

        var answers = await Task.WhenAll(browsers.Select((b, i) =>
            Tokens.PostLoginFormAsync(b, email, $"Wrong-Passw0rd-{i}", "/", tokens[i])));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        using var owner = _host.CreateHttpClient(handleCookies: true);
        var signIn = await Tokens.PostLoginFormAsync(
            owner, email, Password, "/", await Tokens.LoginPageTokenAsync(owner));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains(GenericMessage, await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        browsers.ForEach(b => b.Dispose());
    }

    private async Task<(HttpClient Browser, string Email)> RegisteredBrowserAsync()
    {
        var browser = _host.CreateHttpClient(handleCookies: true);
        var email = Tokens.UniqueEmail();
        Assert.Equal(HttpStatusCode.Created, (await Tokens.RegisterAsync(browser, email, Password)).StatusCode);
        return (browser, email);
    }
}
