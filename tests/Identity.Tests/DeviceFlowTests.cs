using System.Net;
using System.Text.Json;
using TestSupport;

namespace Identity.Tests;

/// <summary>The device authorization grant of <c>shop-cli</c>: codes that resist guessing, a verification page that
/// needs a signed-in user and its antiforgery token. (The whole flow, approved through the page, runs in
/// EndToEnd.Tests/CliTests with the real CLI.)</summary>
public sealed class DeviceFlowTests
{
    [Fact]
    public async Task User_codes_are_eight_consonants_and_checking_codes_is_rate_limited_per_address()
    {
        using var host = new ShopHost(settings: new Dictionary<string, string?>
        {
            ["Identity:RateLimits:DeviceVerificationPerMinute"] = "3",
        });
        using var browser = await SignedInBrowserAsync(host);

        var device = await StartAsync(browser);
        var wrong = await browser.GetAsync("/connect/verify?user_code=BBBB-BBBB");
        var again = await browser.GetAsync("/connect/verify?user_code=CCCC-CCCC");
        var limited = await browser.GetAsync("/connect/verify?user_code=DDDD-DDDD");
        var form = await browser.GetAsync("/connect/verify");

        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$",
            device.GetProperty("user_code").GetString());
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("This code is not valid", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task The_page_asks_to_sign_in_first_and_accepts_a_code_typed_in_lower_case()
    {
        using var host = new ShopHost();
        using var anonymous = host.CreateHttpClient(handleCookies: true);
        var code = (await StartAsync(anonymous)).GetProperty("user_code").GetString()!;

        var signIn = await anonymous.GetAsync($"/connect/verify?user_code={code}");
        using var browser = await SignedInBrowserAsync(host);
        var lower = await browser.GetAsync($"/connect/verify?user_code={code.ToLowerInvariant()}");
        var page = await browser.GetStringAsync($"/connect/verify?user_code={code}");

        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.Equal("/account/login", signIn.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Found, lower.StatusCode);
        Assert.Equal($"/connect/verify?user_code={code}", lower.Headers.Location!.OriginalString);
        Assert.Contains($"name=\"user_code\" value=\"{code}\"", page, StringComparison.Ordinal);
        Assert.Contains("<strong>shop-cli</strong> asks to act as you", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approval_without_the_antiforgery_token_is_refused_and_the_device_still_waits()
    {
        using var host = new ShopHost();
        using var browser = await SignedInBrowserAsync(host);
        var device = await StartAsync(browser);
        var code = device.GetProperty("user_code").GetString()!;
        _ = await browser.GetStringAsync($"/connect/verify?user_code={code}");

        var forged = await browser.PostAsync("/connect/verify", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["user_code"] = code, ["decision"] = "approve" }));
        var poll = await browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["client_id"] = "shop-cli",
            ["device_code"] = device.GetProperty("device_code").GetString()!,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var error = JsonDocument.Parse(await poll.Content.ReadAsStringAsync());
        Assert.Equal("authorization_pending", error.RootElement.GetProperty("error").GetString());
    }

    private static async Task<JsonElement> StartAsync(HttpClient client)
    {
        var response = await client.PostAsync("/connect/device", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["client_id"] = "shop-cli", ["scope"] = "openid offline_access cart" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<HttpClient> SignedInBrowserAsync(ShopHost host)
    {
        var browser = host.CreateHttpClient(handleCookies: true);
        var email = Tokens.UniqueEmail("device");
        await Tokens.RegisterAsync(browser, email, Tokens.CustomerPassword);
        var token = await Tokens.LoginPageTokenAsync(browser);
        var signedIn = await Tokens.PostLoginFormAsync(browser, email, Tokens.CustomerPassword, "/", token);
        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        return browser;
    }
}
