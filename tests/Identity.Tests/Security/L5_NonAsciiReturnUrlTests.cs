using System.Net;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>L5: a local return URL with characters outside ASCII is followed, properly encoded, not a 500.</summary>
[Collection(IdentityCollection.Name)]
public sealed class L5_NonAsciiReturnUrlTests(IdentityHost fixture)
{
    private readonly ShopHost _host = fixture.Host;

    [Theory]
    [InlineData("/é", "/%C3%A9")]
    [InlineData("/catalog?name=café&x=1", "/catalog?name=caf%C3%A9&x=1")]
    [InlineData("/😀", "/%F0%9F%98%80")]
    public async Task L5_a_non_ascii_local_return_url_is_followed_percent_encoded(string returnUrl, string expected)
    {
        using var browser = _host.CreateHttpClient(handleCookies: true);
        var email = Tokens.UniqueEmail();
        await Tokens.RegisterAsync(browser, email, Tokens.CustomerPassword);

        var token = await Tokens.LoginPageTokenAsync(
            browser,
            "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var response = await Tokens.PostLoginFormAsync(browser, email, Tokens.CustomerPassword, returnUrl, token);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }
}
