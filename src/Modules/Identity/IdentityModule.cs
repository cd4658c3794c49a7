using Identity.Persistence.CompiledModels;
using BuildingBlocks.Auth;
using BuildingBlocks.Messaging;
using BuildingBlocks.Modules;
using BuildingBlocks.Persistence;
using FluentValidation;
using Identity.ApiDocs;
using Identity.Devices;
using Identity.Clients;
using Identity.Features.Login;
using Identity.Features.Me;
using Identity.Features.Register;
using Identity.Keys;
using Identity.Persistence;
using Identity.Revocation;
using BuildingBlocks.Auth.Revocation;
using Identity.Security;
using Identity.Server;
using Identity.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Identity;

public sealed class IdentityModule : IModule
{
    public const string ModuleName = "Identity";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(IdentitySettings.Section).Get<IdentitySettings>()
            ?? new IdentitySettings();
        var auth = configuration.GetSection(ShopAuthOptions.Section).Get<ShopAuthOptions>() ?? new ShopAuthOptions();
        services.AddOptions<IdentitySettings>().BindConfiguration(IdentitySettings.Section);

        services.AddModuleDbContext<IdentityDbContext>(
            Name,
            configuration,
            environment,
            () => IdentityDbContextModel.Instance);
        services.AddModuleEvents<IdentityDbContext>();
        // Singletons: a validator keeps no state, and building its rules costs more than validating a request.
        services.AddValidatorsFromAssemblyContaining<IdentityModule>(
            ServiceLifetime.Singleton, includeInternalTypes: true);

        services.AddIdentityCore<ShopUser>(AccountPolicy.Apply)
            .AddRoles<ShopRole>()
            .AddEntityFrameworkStores<IdentityDbContext>()
            .AddPasswordValidator<BreachedPasswordValidator>()
            .AddPasswordValidator<PasswordTextValidator>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // The browser session at the authorization server: a cookie, separate from the bearer scheme of the APIs.
        services.AddAuthentication().AddCookie(IdentityConstants.ApplicationScheme, cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Cookie.Name = "shop.signin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = settings.SignInSessionLifetime;
            cookie.SlidingExpiration = false;

            // A reset security stamp (create-admin --reset-existing, a password change) ends every session at once.
            cookie.Events.OnValidatePrincipal = SessionStamp.ValidateAsync;
        });
        services.AddAntiforgery();

        // Cookies and antiforgery tokens must survive a restart and be readable by every instance on the same
        // database; the application name keeps them valid whatever folder a Host runs from. The key ring is wrapped
        // under the key-encryption key, which never is in the database (M1); replaced ones still open old keys.
        var kek = KeyEncryptionKey.Resolve(configuration, environment);
        services.AddSingleton(kek);
        services.AddDataProtection().SetApplicationName("shop").PersistKeysToDbContext<IdentityDbContext>()
            .ProtectKeysWithCertificate(kek.Current)
            .UnprotectKeysWithAnyCertificate([.. kek.All]);

        services.AddSingleton<KeyWrap>();
        services.AddSingleton<KeyRewrapping>();
        services.AddSingleton<KeyRing>();
        services.AddSingleton<ILocalSigningKeys>(sp => sp.GetRequiredService<KeyRing>());
        services.AddHostedService<KeyRotation>();
        services.AddHealthChecks().AddCheck<KeyRingHealthCheck>("identity-keys", tags: ["ready"]);
        services.AddAuthorizationServer(settings, auth);

        // Revocations reach every process: recorded with their event by the stores, read from this database here.
        services.AddOptions<ShopAuthOptions>().BindConfiguration(ShopAuthOptions.Section);
        services.TryAddSingleton<RevokedAuthorizations>();
        services.AddScoped<AuthorizationRevocations>();
        services.AddSingleton<IRevocationSource, LocalRevocationSource>();

        services.AddScoped<ClientRegistry>();
        services.AddScoped<Administrators>();
        services.AddScoped<DummyPassword>();
        services.AddSingleton<SignInFailures>();
        services.AddHostedService<IdentityStartup>();
        services.AddHostedService<StoredTokenPruning>();
        services.AddIdentityRateLimits(settings.RateLimits);
        services.AddApiDocsSignIn(auth);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        AuthorizeEndpoint.Map(endpoints);
        TokenEndpoint.Map(endpoints);
        ClientAuthenticatingEndpoints.Map(endpoints);
        UserInfoEndpoint.Map(endpoints);
        EndSessionEndpoint.Map(endpoints);
        DeviceVerification.Map(endpoints);
        SignIn.Map(endpoints);
        RevocationsEndpoint.Map(endpoints);
        RegisterPage.Map(endpoints);

        var identity = endpoints.MapGroup("/api/identity").WithTags("Identity");
        Register.Map(identity);
        Me.Map(identity);
    }

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var administrators = services.GetRequiredService<Administrators>();
        await administrators.EnsureRolesAsync();
        var admin = services.GetRequiredService<IOptions<IdentitySettings>>().Value.Admin;
        if (!string.IsNullOrWhiteSpace(admin?.Email) && !string.IsNullOrEmpty(admin.Password))
        {
            // Never promotes an account someone else registered first (H1): that is refused like create-admin.
            var (outcome, result) = await administrators.EnsureAdminAsync(
                admin.Email, admin.Password, resetExisting: false, acceptExistingAdmin: true);
            if (outcome == AdminOutcome.RefusedExisting)
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger<IdentityModule>().LogError(
                    "Identity:Admin {Email} was not seeded: an account that is not an administrator has that email. " +
                    "Use create-admin --reset-existing to take it over", admin.Email);
            }
            else if (!result.Succeeded)
            {
                throw new InvalidOperationException(
                    "Identity:Admin could not be seeded: "
                    + string.Join(" ", result.Errors.Select(e => e.Description)));
            }
        }
    }

    public async Task<bool> TryRunCommandAsync(
        string command,
        IConfiguration arguments,
        IServiceProvider services,
        CancellationToken cancellationToken)
    {
        if (command != CreateAdminCommand.Name)
        {
            return false;
        }

        // The Host returns Environment.ExitCode once a command was handled.
        Environment.ExitCode = await CreateAdminCommand.RunAsync(arguments, services);
        return true;
    }
}
