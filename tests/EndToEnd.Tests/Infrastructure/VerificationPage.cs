using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// The user at a browser on <c>/connect/verify</c> (the device flow's verification page): follows the address the
/// CLI printed, signs in through the sign-in form when asked, and approves or denies the code, posting the forms with
/// their antiforgery tokens and cookies, as a browser does.
/// </summary>
internal static partial class VerificationPage
{
    public static async Task DecideAsync(
        IShopEndpoint shop, Uri printed, string email, string password, bool approve = true)
    {
        using var browser = shop.CreateHttpClient(handleCookies: true);
        var verify = printed.PathAndQuery;
        using var toLogin = await browser.GetAsync(verify);
        Expect(toLogin, HttpStatusCode.Found, "the verification page before sign-in");
        var login = Location(toLogin, shop);
        Assert.Equal("/account/login", login.AbsolutePath);

        var returnUrl = QueryHelpers.ParseQuery(login.Query)["returnUrl"].ToString();
        var token = Tokens.AntiforgeryToken(await PageAsync(browser, login.PathAndQuery));
        using var signedIn = await Tokens.PostLoginFormAsync(browser, email, password, returnUrl, token);
        Expect(signedIn, HttpStatusCode.Found, "the sign-in form");
        Assert.Equal(verify, Location(signedIn, shop).PathAndQuery);

        var page = await PageAsync(browser, verify);
        var code = CodeOnPage().Match(page);
        Assert.True(code.Success, $"No code to confirm on the verification page:\n{page}");
        using var decided = await browser.PostAsync("/connect/verify", new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Tokens.AntiforgeryToken(page),
                ["user_code"] = WebUtility.HtmlDecode(code.Groups[1].Value),
                ["decision"] = approve ? "approve" : "deny",
            }));
        Expect(decided, HttpStatusCode.Found, "the decision");
        var done = await PageAsync(browser, Location(decided, shop).PathAndQuery);
        Assert.Contains(approve ? "Approved" : "Denied", done, StringComparison.Ordinal);
    }

    public static async Task<string> PageAsync(HttpClient browser, string pathAndQuery)
    {
        using var page = await browser.GetAsync(pathAndQuery);
        Expect(page, HttpStatusCode.OK, pathAndQuery);
        return await page.Content.ReadAsStringAsync();
    }

    private static Uri Location(HttpResponseMessage response, IShopEndpoint shop) =>
        new(shop.BaseAddress, response.Headers.Location!);

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string step) =>
        Assert.True(response.StatusCode == status,
            $"{step}: expected {(int)status}, got {(int)response.StatusCode} {response.Headers.Location}");

    [GeneratedRegex("name=\"user_code\" value=\"([^\"]+)\"")]
    private static partial Regex CodeOnPage();
}
