using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Host;

/// <summary>
/// Once the Host is ready (migrated, listening), one log entry says where to go: the API reference, health, the
/// storefront, and in Development the seeded administrator's email and where its password is (never the password).
/// </summary>
internal static class FirstRunGuide
{
    public static void PrintWhenReady(WebApplication app, bool apiDocs)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop");
            logger.LogInformation("{Guide}", Describe(app, apiDocs));
        });
    }

    internal static string Describe(WebApplication app, bool apiDocs)
    {
        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? [];
        var issuer = app.Configuration.GetSection(ShopAuthOptions.Section).Get<ShopAuthOptions>()?.CanonicalIssuer;
        var site = (issuer ?? listening.FirstOrDefault() ?? "http://localhost:5080").TrimEnd('/');
        var lines = new List<string>
        {
            $"The shop is ready at {site} (listening on {string.Join(", ", listening)}).",
            apiDocs
                ? $"  API reference: {site}/scalar  (OpenAPI document: {site}/openapi/v1.json)"
                : "  API reference: off here (ApiDocs:Enabled); the document is docs/openapi/v1.json in the repository",
            $"  Health:        {site}/health/live and {site}/health/ready",
        };

        // STOREFRONT: the one place that prints the web storefront's address (served at "/" when it is enabled).
        if (StorefrontUrl(app, site) is { } storefront)
        {
            lines.Add($"  Storefront:    {storefront}");
        }

        lines.Add($"  Command line:  shop login --url {site}  (install: see README.md, 'Quick start')");
        var adminEmail = app.Configuration["Identity:Admin:Email"];
        if (app.Environment.IsDevelopment() && !string.IsNullOrWhiteSpace(adminEmail))
        {
            lines.Add($"  Administrator: {adminEmail}; its password is Identity:Admin:Password in " +
                $"appsettings.{app.Environment.EnvironmentName}.json (or the configuration that overrides it)");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The storefront's address when this process serves it (on unless <c>Storefront:Enabled</c> is false),
    /// else null.</summary>
    private static string? StorefrontUrl(WebApplication app, string site) =>
        Storefront.StorefrontRegistration.IsEnabled(app.Configuration) ? site + "/" : null;
}
