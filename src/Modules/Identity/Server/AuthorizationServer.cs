using BuildingBlocks.Auth;
using Identity.Devices;
using Identity.Keys;
using Identity.Persistence;
using Identity.Revocation;
using OpenIddict.EntityFrameworkCore.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server;

/// <summary>The OpenIddict server: endpoints, flows, token formats and lifetimes. Keys come from the
/// <see cref="KeyRing"/>.</summary>
internal static class AuthorizationServer
{
    public static IServiceCollection AddAuthorizationServer(
        this IServiceCollection services,
        IdentitySettings settings,
        ShopAuthOptions auth)
    {
        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>();
                core.ReplaceTokenStore<OpenIddictEntityFrameworkCoreToken, RevocationPublishingTokenStore>(
                    ServiceLifetime.Scoped);
                core.ReplaceAuthorizationStore<OpenIddictEntityFrameworkCoreAuthorization,
                    RevocationPublishingAuthorizationStore>(ServiceLifetime.Scoped);
            })
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(auth.CanonicalIssuer, UriKind.Absolute));
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetEndSessionEndpointUris("connect/endsession")
                    .SetDeviceAuthorizationEndpointUris("connect/device")
                    .SetEndUserVerificationEndpointUris("connect/verify")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");

                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow()
                    .AllowDeviceAuthorizationFlow();
                DeviceCodes.Configure(server, settings.DeviceCodeLifetime);
                server.RequireProofKeyForCodeExchange();
                server.RegisterScopes([.. TokenPrincipals.UserScopes, ShopScopes.Internal]);

                // Every API validates the JWT offline; encryption would hide it from them.
                server.DisableAccessTokenEncryption();
                server.SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    .SetIdentityTokenLifetime(settings.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(settings.RefreshTokenLifetime)
                    .SetAuthorizationCodeLifetime(settings.AuthorizationCodeLifetime);

                // Rolling refresh tokens (the default) with no grace period: a second use is refused and revokes the
                // chain, also when both uses come at once (SingleUseRefreshTokens).
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                server.AddEventHandler(SingleUseRefreshTokens.Descriptor);
                server.AddEventHandler(RedactedTokenRequest.Handler.Descriptor);
                server.AddEventHandler(RedactedDeviceResponse.Handler.Descriptor);
                server.AddEventHandler(PkceChallengeLength.Descriptor);

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough();
                if (settings.AllowHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });

        // S256 only: "plain" (or no method at all) is refused.
        services.PostConfigure<OpenIddictServerOptions>(options =>
        {
            options.CodeChallengeMethods.Clear();
            options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
        });

        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IConfigureOptions<OpenIddictServerOptions>, KeyRingServerOptions>());
        services.AddSingleton(provider => new ProtocolPaths(
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
            EndpointPaths(provider.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value)));
        services.AddScoped<TokenPrincipals>();
        return services;
    }

    /// <summary>Every endpoint the server answers (each <c>...EndpointUris</c> list of its options, so one added
    /// later is not forgotten): the only requests its authentication handler is asked about.</summary>
    private static PathString[] EndpointPaths(OpenIddictServerOptions options) =>
    [
        .. typeof(OpenIddictServerOptions).GetProperties()
            .Where(p => p.Name.EndsWith("EndpointUris", StringComparison.Ordinal))
            .SelectMany(p => p.GetValue(options) as IEnumerable<Uri> ?? [])
            .Select(uri => new PathString("/" + (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString)
                .TrimStart('/'))),
    ];
}
