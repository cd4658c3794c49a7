using System.Net;
using Microsoft.Extensions.Configuration;
using TestSupport;

namespace Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class CreateAdminTests(IdentityHost fixture)
{
    [Fact]
    public async Task Create_admin_makes_an_account_that_gets_catalog_admin()
    {
        var email = Tokens.UniqueEmail("ops");
        var arguments = new ConfigurationBuilder().AddCommandLine(["--email", email, "--password", "0psPassword!"])
            .Build();

        var handled = await new IdentityModule().TryRunCommandAsync(
            "create-admin",
            arguments,
            fixture.Host.Services,
            CancellationToken.None);
        Assert.True(handled);
        Assert.False(await new IdentityModule().TryRunCommandAsync(
            "something-else",
            arguments,
            fixture.Host.Services,
            CancellationToken.None));

        var tokens = await Tokens.SignInAsync(fixture.Host, email, "0psPassword!", Tokens.AdminScopes);
        Assert.True(tokens.HasScope("catalog.admin"));

        // Running it again is refused (the account exists: H1) and changes nothing.
        Assert.True(await new IdentityModule().TryRunCommandAsync(
            "create-admin",
            arguments,
            fixture.Host.Services,
            CancellationToken.None));
        Assert.Equal(1, Environment.ExitCode);
        Environment.ExitCode = 0;
        using var api = fixture.Host.CreateAuthorizedClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/identity/me")).StatusCode);
    }
}
