using System.Diagnostics;
using System.Net;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>Timing measurements run alone: other test classes' Hosts would add their load to one kind of try
/// only.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}

/// <summary>M2: a lockout tells nothing through timing, and never takes the owner's refresh tokens away.</summary>
[Collection(TimingCollection.Name)]
public sealed class M2_LockoutTests
{
    private const string WrongPassword = "Wr0ng-Passw0rd-2026";
    private const int Tries = 21;

    [Fact]
    public async Task M2_unknown_locked_and_wrong_password_sign_ins_take_the_same_time()
    {
        using var host = new ShopHost(settings: new Dictionary<string, string?>
        {
            ["Identity:RateLimits:SignInPerMinute"] = "100000",
            ["Identity:RateLimits:RegisterPerMinute"] = "100000",
        });
        using var browser = host.CreateHttpClient(handleCookies: true);
        var locked = await RegisterAsync(browser);
        var token = await Tokens.LoginPageTokenAsync(browser);
        for (var i = 0; i < 5; i++)
        {
            await Tokens.PostLoginFormAsync(browser, locked, WrongPassword, "/", token);
        }

        // A fresh account per wrong-password try, so that none of them is locked by the tries themselves.
        var accounts = new List<string>();
        for (var i = 0; i < Tries; i++)
        {
            accounts.Add(await RegisterAsync(browser));
        }

        var times = new Dictionary<string, List<double>> { ["unknown"] = [], ["locked"] = [], ["wrong password"] = [] };
        await TimeAsync(browser, Tokens.UniqueEmail("warm-up"), token); // JIT and connection set-up are nobody's
        for (var i = 0; i < Tries; i++)
        {
            // Interleaved, so that a burst of load on the machine hits every kind alike.
            times["unknown"].Add(await TimeAsync(browser, Tokens.UniqueEmail("nobody"), token));
            times["locked"].Add(await TimeAsync(browser, locked, token));
            times["wrong password"].Add(await TimeAsync(browser, accounts[i], token));
        }

        var medians = times.ToDictionary(t => t.Key, t => Median(t.Value));
        var report = string.Join(", ", medians.Select(m => $"{m.Key} {m.Value:F1} ms"));
        Assert.True(medians.Values.Min() >= medians.Values.Max() * 0.75, $"medians differ by more than 25%: {report}");
    }

    [Fact]
    public async Task M2_a_locked_out_account_keeps_its_refresh_tokens()
    {
        using var host = new ShopHost();
        var email = Tokens.UniqueEmail("m2");
        var tokens = await Tokens.RegisterAndSignInAsync(host, email, Tokens.CustomerPassword);
        using var browser = host.CreateHttpClient(handleCookies: true);
        var token = await Tokens.LoginPageTokenAsync(browser);
        for (var i = 0; i < 5; i++)
        {
            await Tokens.PostLoginFormAsync(browser, email, WrongPassword, "/", token);
        }

        // Locked now: the right password is refused at the form ...
        var form = await Tokens.PostLoginFormAsync(browser, email, Tokens.CustomerPassword, "/", token);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);

        // ... but the owner's session in their app goes on.
        var refreshed = await Tokens.RefreshAsync(host, tokens.RefreshToken!);
        Assert.False(string.IsNullOrEmpty(refreshed.AccessToken));
    }

    private static async Task<string> RegisterAsync(HttpClient client)
    {
        var email = Tokens.UniqueEmail("m2");
        Assert.Equal(
            HttpStatusCode.Created,
            (await Tokens.RegisterAsync(client, email, Tokens.CustomerPassword)).StatusCode);
        return email;
    }

    private static async Task<double> TimeAsync(HttpClient browser, string email, string token)
    {
        var watch = Stopwatch.StartNew();
        var response = await Tokens.PostLoginFormAsync(browser, email, WrongPassword, "/", token);
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}

/// <summary>M2: five failures lock the account for the address they came from only.</summary>
public sealed class M2_LockoutPerAddressTests
{
    private const string Secret = "m2-test-gateway-forwarded-secret-32chars";

    [Fact]
    public async Task M2_failures_from_one_address_do_not_lock_the_owner_out_from_another()
    {
        using var host = new ShopHost(settings: new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["ForwardedHeaders:GatewaySecret"] = Secret,
        });
        var email = Tokens.UniqueEmail("m2");
        using (var client = host.CreateHttpClient())
        {
            await Tokens.RegisterAsync(client, email, Tokens.CustomerPassword);
        }

        using var attacker = Browser(host, "203.0.113.66");
        var attackerToken = await Tokens.LoginPageTokenAsync(attacker);
        for (var i = 0; i < 5; i++)
        {
            await Tokens.PostLoginFormAsync(attacker, email, "Wr0ng-Passw0rd-2026", "/", attackerToken);
        }

        // The attacker's address is locked out, even with the right password ...
        var fromAttacker = await Tokens.PostLoginFormAsync(
            attacker,
            email,
            Tokens.CustomerPassword,
            "/",
            attackerToken);
        Assert.Equal(HttpStatusCode.OK, fromAttacker.StatusCode);

        // ... the owner, elsewhere, signs in.
        using var owner = Browser(host, "198.51.100.7");
        var ownerToken = await Tokens.LoginPageTokenAsync(owner);
        var fromOwner = await Tokens.PostLoginFormAsync(owner, email, Tokens.CustomerPassword, "/", ownerToken);
        Assert.Equal(HttpStatusCode.Found, fromOwner.StatusCode);
    }

    private static HttpClient Browser(ShopHost host, string address)
    {
        var browser = host.CreateHttpClient(handleCookies: true);
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        browser.DefaultRequestHeaders.Add("X-Gateway-Secret", Secret);
        return browser;
    }
}
