using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Shop.Client;
using Storefront.Actions;
using Storefront.Api;
using Storefront.Components;
using Storefront.Session;
using Storefront.Web;

namespace Storefront;

/// <summary>
/// What a process needs to serve the storefront: <see cref="AddStorefront"/> with its services,
/// <see cref="UseStorefront"/> between authentication and authorization, <see cref="MapStorefront"/> with the other
/// endpoints. The Host does all three unless <c>Storefront:Enabled</c> is false.
/// </summary>
public static class StorefrontRegistration
{
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>($"{StorefrontSettings.Section}:Enabled") ?? true;

    public static IServiceCollection AddStorefront(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(StorefrontSettings.Section).Get<StorefrontSettings>()
            ?? new StorefrontSettings();
        settings.Authority ??= configuration["Auth:Issuer"] ?? "http://localhost:5080/";
        settings.Authority = settings.Authority.TrimEnd('/') + "/";
        settings.ApiBaseUrl = (settings.ApiBaseUrl ?? settings.Authority).TrimEnd('/') + "/";
        services.AddSingleton(Options.Create(settings));

        services.AddRazorComponents();
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddSingleton<ServerSideSessions>();
        services.AddSingleton<Flash>();
        services.AddSingleton<TokenRefresh>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, UseServerSideSessions>();
        // The typed client of src/Shop.Client over its own pipeline (problems as exceptions, idempotent retries),
        // with the signed-in user's token added per request below it: one client for all users, one token each.
        services.AddSingleton(provider => ShopApiFactory.Create(ShopApiFactory.CreateHttpClient(
            new Uri(settings.ApiBaseUrl),
            options: new ShopClientOptions { Timeout = settings.ApiTimeout, MaxAttempts = 2 },
            transport: new UserAccessTokenHandler(provider.GetRequiredService<IHttpContextAccessor>())
            {
                InnerHandler = Handler(settings),
            })));
        services.AddSingleton<IShopApi, ShopClientApi>();

        services.AddAuthentication()
            .AddCookie(StorefrontSchemes.Cookie, cookie =>
            {
                cookie.Cookie.Name = "shop.storefront";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = settings.SessionLifetime;
                // Fixed, not sliding: the session's tokens are renewed by TokenRefresh alone (see there why).
                cookie.SlidingExpiration = false;
                cookie.ForwardChallenge = StorefrontSchemes.OpenIdConnect;
                cookie.AccessDeniedPath = "/denied";
                cookie.LogoutPath = "/signout-never-redirects";
                cookie.Events.OnValidatePrincipal = TokenRefresh.ValidateAsync;
            })
            .AddOpenIdConnect(StorefrontSchemes.OpenIdConnect, oidc => ConfigureOpenIdConnect(oidc, settings));
        services.AddAuthorizationBuilder()
            .AddPolicy(StorefrontSchemes.Shopper, policy => policy
                .AddAuthenticationSchemes(StorefrontSchemes.Cookie).RequireAuthenticatedUser())
            .AddPolicy(StorefrontSchemes.Admin, policy => policy
                .AddAuthenticationSchemes(StorefrontSchemes.Cookie).RequireAuthenticatedUser().RequireRole("admin"));
        return services;
    }

    /// <summary>Between <c>UseAuthentication</c> and <c>UseAuthorization</c>.</summary>
    public static IApplicationBuilder UseStorefront(this IApplicationBuilder app) =>
        app.UseMiddleware<StorefrontPipeline>().UseAntiforgery().Use(StorefrontPipeline.RefuseForgedForms);

    public static IEndpointRouteBuilder MapStorefront(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").ExcludeFromDescription().WithMetadata(StorefrontEndpoint.Marker);
        SignInEndpoints.Map(group);
        Stylesheet.Map(group);
        CartActions.Map(group);
        OrderActions.Map(group);
        AdminActions.Map(group);
        // _framework/blazor.web.js, listed in the process's static assets manifest (the Host's build makes one).
        var manifest = Path.Combine(AppContext.BaseDirectory,
            $"{endpoints.ServiceProvider.GetRequiredService<IWebHostEnvironment>().ApplicationName}" +
            ".staticwebassets.endpoints.json");
        if (File.Exists(manifest))
        {
            endpoints.MapStaticAssets(manifest).WithMetadata(StorefrontEndpoint.Marker);
        }

        endpoints.MapRazorComponents<App>().WithMetadata(StorefrontEndpoint.Marker);
        return endpoints;
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions oidc, StorefrontSettings settings)
    {
        oidc.Authority = settings.Authority;
        oidc.RequireHttpsMetadata = settings.Authority!.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        oidc.BackchannelHttpHandler = Handler(settings);
        oidc.ClientId = settings.ClientId;
        oidc.ClientSecret = settings.ClientSecret;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        // The code comes back in the query of a top-level navigation: SameSite=Lax cookies suffice, and no
        // auto-posting page (an inline script) is involved.
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        oidc.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
        oidc.SignInScheme = StorefrontSchemes.Cookie;
        oidc.SignOutScheme = StorefrontSchemes.Cookie;
        oidc.SaveTokens = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.DisableTelemetry = true;
        oidc.Scope.Clear();
        foreach (var scope in "openid profile email roles offline_access cart orders catalog.admin".Split(' '))
        {
            oidc.Scope.Add(scope);
        }

        oidc.ClaimActions.MapJsonKey("role", "role");
        oidc.ClaimActions.MapUniqueJsonKey("name", "name");
        oidc.ClaimActions.MapUniqueJsonKey("email", "email");
        oidc.TokenValidationParameters.NameClaimType = "name";
        oidc.TokenValidationParameters.RoleClaimType = "role";
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
        oidc.Events.OnRemoteFailure = StorefrontPipeline.RefuseSignInCallback;
        oidc.Events.OnSignedOutCallbackRedirect = context =>
        {
            // The page the sign-out asked for; home for a callback whose state is not ours (opened again from the
            // history), which was a blank page.
            context.Response.Redirect(context.Properties?.RedirectUri is { Length: > 0 } page ? page : "/");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static SocketsHttpHandler Handler(StorefrontSettings settings)
    {
        var handler = ShopApiFactory.CreateTransport();
        if (!string.IsNullOrEmpty(settings.TrustedCertificate))
        {
            // The gateway's development certificate (scripts/dev-cert.sh), trusted for these calls only.
            // The certificate only: its key stays with the gateway.
            var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(settings.TrustedCertificate));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None ||
                (certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData));
        }

        return handler;
    }
}
