using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildingBlocks.Auth.Revocation;

/// <summary>Every process that validates tokens keeps the <see cref="RevokedAuthorizations"/> list and refuses their
/// tokens (docs/adr/0015-revocation-reaches-every-process.md).</summary>
internal static class RevocationRegistration
{
    /// <summary>OpenIddict's claim naming the authorization a token was issued under.</summary>
    public const string AuthorizationClaim = "oi_au_id";

    public static IServiceCollection AddRevocationFeed(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RevokedAuthorizations>();
        services.AddOptions<RevocationOptions>().BindConfiguration(RevocationOptions.Section);
        services.AddHttpClient(RemoteRevocationSource.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        // Identity, when it runs in this process, registers its own source (its database) instead.
        services.TryAddSingleton<IRevocationSource, RemoteRevocationSource>();
        services.AddHostedService<RevocationFeed>();
        services.AddHealthChecks().AddCheck<RevocationFeedHealthCheck>("revocations", tags: ["ready"]);
        return services;
    }

    /// <summary>Runs after every other check of the token (signature, lifetime, the validated-token cache): a token of
    /// a revoked authorization fails authentication, which JwtBearer answers with 401 and
    /// <c>WWW-Authenticate: Bearer error="invalid_token"</c>.</summary>
    public static void RefuseRevoked(JwtBearerOptions jwt, RevokedAuthorizations revoked)
    {
        jwt.Events ??= new JwtBearerEvents();
        var previous = jwt.Events.OnTokenValidated;
        jwt.Events.OnTokenValidated = async context =>
        {
            await previous(context);
            if (context.Principal?.FindFirst(AuthorizationClaim)?.Value is { } authorization
                && revoked.IsRevoked(authorization))
            {
                context.Fail("The authorization of this token was revoked.");
            }
        };
    }
}
