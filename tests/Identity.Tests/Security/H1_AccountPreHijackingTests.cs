using System.Net;
using BuildingBlocks.Auth;
using Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>H1: an account registered before the operator names its email as the administrator's is not
/// promoted.</summary>
[Collection(IdentityCollection.Name)]
public sealed class H1_AccountPreHijackingTests(IdentityHost fixture)
{
    private const string AttackerPassword = "Att4cker-Passw0rd";
    private const string OperatorPassword = "0perator-Passw0rd!";
    private readonly ShopHost _host = fixture.Host;

    [Fact]
    public async Task H1_create_admin_refuses_an_existing_account_without_reset_existing()
    {
        var email = Tokens.UniqueEmail("ops");
        await Tokens.RegisterAndSignInAsync(_host, email, AttackerPassword);

        Assert.Equal(1, await CreateAdminAsync("--email", email, "--password", OperatorPassword));

        Assert.False(await IsAdminAsync(email));
        var attacker = await Tokens.SignInAsync(_host, email, AttackerPassword, Tokens.AdminScopes);
        Assert.False(attacker.HasScope("catalog.admin"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Tokens.SignInAsync(_host, email, OperatorPassword));
    }

    [Fact]
    public async Task H1_reset_existing_sets_the_password_and_revokes_every_session_and_token_of_the_account()
    {
        var email = Tokens.UniqueEmail("ops");
        var attacker = await Tokens.RegisterAndSignInAsync(_host, email, AttackerPassword);
        using var attackerBrowser = _host.CreateHttpClient(handleCookies: true);
        var authorize = Tokens.AuthorizeUrl(Tokens.Storefront, Tokens.StorefrontRedirectUri, Tokens.CustomerScopes,
            Pkce.Create().Challenge);
        await Tokens.AuthorizeThroughLoginFormAsync(attackerBrowser, _host, email, AttackerPassword, authorize);

        Assert.Equal(
            0,
            await CreateAdminAsync("--email", email, "--password", OperatorPassword, "--reset-existing=true"));

        // The attacker's password, refresh token and browser session are all gone.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Tokens.SignInAsync(_host, email, AttackerPassword));
        using var client = _host.CreateHttpClient();
        Assert.Equal(HttpStatusCode.BadRequest,
            (await Tokens.RefreshResponseAsync(client, attacker.RefreshToken!)).StatusCode);
        var again = await attackerBrowser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.Equal("/account/login", Tokens.Location(again, _host).AbsolutePath);

        var admin = await Tokens.SignInAsync(_host, email, OperatorPassword, Tokens.AdminScopes);
        Assert.True(admin.HasScope("catalog.admin"));
    }

    [Fact]
    public void H1_the_host_turns_a_bare_reset_existing_switch_into_a_switch()
    {
        var args = BuildingBlocks.Modules.CommandLineSwitches.WithValues(
            ["create-admin", "--reset-existing", "--email", "a@b.c", "--password", "x"], "--reset-existing");
        var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
        Assert.True(configuration.GetValue<bool>("reset-existing"));
        Assert.Equal("a@b.c", configuration["email"]);
    }

    [Fact]
    public async Task H1_seeding_does_not_promote_an_account_registered_before_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "shop-tests", Guid.NewGuid().ToString("N"));
        var email = Tokens.UniqueEmail("seeded-admin");
        using (var first = new ShopHost(folder))
        {
            await Tokens.RegisterAndSignInAsync(first, email, AttackerPassword);
        }

        using var restarted = new ShopHost(folder, settings: new Dictionary<string, string?>
        {
            ["Identity:Admin:Email"] = email,
            ["Identity:Admin:Password"] = OperatorPassword,
        });
        Assert.False(await IsAdminAsync(email, restarted));
        var attacker = await Tokens.SignInAsync(restarted, email, AttackerPassword, Tokens.AdminScopes);
        Assert.False(attacker.HasScope("catalog.admin"));
    }

    private async Task<int> CreateAdminAsync(params string[] args)
    {
        var arguments = new ConfigurationBuilder().AddCommandLine(args).Build();
        return await CreateAdminCommand.RunAsync(arguments, _host.Services);
    }

    private async Task<bool> IsAdminAsync(string email, ShopHost? host = null)
    {
        await using var scope = (host ?? _host).Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("no account");
        return await users.IsInRoleAsync(user, ShopRoles.Admin);
    }
}
