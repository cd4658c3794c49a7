using TestSupport;

namespace Identity.Tests.Security;

/// <summary>L6: the PKCE verifier is a secret of the client, like the code: it never reaches the logs.</summary>
public sealed class L6_CodeVerifierNotLoggedTests
{
    [Fact]
    public async Task L6_the_code_verifier_is_redacted_in_the_token_request_log()
    {
        var logs = new CapturedLogs();
        using var host = new ShopHost(configure: logs.AddTo);
        var email = Tokens.UniqueEmail();
        using (var client = host.CreateHttpClient())
        {
            await Tokens.RegisterAsync(client, email, Tokens.CustomerPassword);
        }

        using var browser = host.CreateHttpClient(handleCookies: true);
        var pkce = Pkce.Create();
        var code = await Tokens.AuthorizeThroughLoginFormAsync(browser, host, email, Tokens.CustomerPassword,
            Tokens.AuthorizeUrl(
                Tokens.Storefront,
                Tokens.StorefrontRedirectUri,
                Tokens.CustomerScopes,
                pkce.Challenge));
        await Tokens.ReadTokensAsync(await Tokens.RedeemCodeAsync(browser, code, pkce.Verifier));

        // The request is logged (so the test looks where the verifier would be), without the verifier.
        Assert.Contains(logs.Lines, l => l.Contains("code_verifier", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(pkce.Verifier, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(code, StringComparison.Ordinal));
    }
}
