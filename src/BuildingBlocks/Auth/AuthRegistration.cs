using BuildingBlocks.Auth.Revocation;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace BuildingBlocks.Auth;

public sealed class ShopAuthOptions
{
    public const string Section = "Auth";

    /// <summary>The public base URL with a trailing slash: the <c>iss</c> of every token (the Gateway's when behind
    /// one).</summary>
    public string Issuer { get; set; } = "http://localhost:5080/";

    /// <summary><see cref="Issuer"/> with its trailing slash, exactly as the <c>iss</c> claim carries it, even if
    /// configured without.</summary>
    public string CanonicalIssuer => Issuer.EndsWith('/') ? Issuer : Issuer + "/";

    /// <summary> Where the discovery document and JWKS are fetched when Identity runs in another process: one base URL,
    /// or several comma-separated (tried in turn). Defaults to <see cref="Issuer"/>.
    /// </summary>
    public string? Authority { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many validated tokens are remembered, so that a token's signature is checked once, not on every
    /// request (0: never).</summary>
    public int ValidatedTokenCacheSize { get; set; } = 10_000;

    /// <summary>The longest a validated token is remembered (never past its expiry): how soon a key withdrawn from the
    /// JWKS stops working.</summary>
    public TimeSpan ValidatedTokenMaxAge { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The Identity module's signing keys, when it runs in this process: tokens are then validated without any
/// HTTP call.</summary>
public interface ILocalSigningKeys
{
    IEnumerable<SecurityKey> ValidationKeys();
}

public static class AuthRegistration
{
    /// <summary>
    /// Bearer token validation as every module does it: issuer, audience <c>shop-api</c>, lifetime and
    /// signature, with keys from the local Identity module or from the JWKS; plus the shared scope/role policies.
    /// </summary>
    public static IServiceCollection AddShopAuthentication(
        this IServiceCollection services,
        IConfiguration configuration)
    {
        var options = configuration.GetSection(ShopAuthOptions.Section).Get<ShopAuthOptions>() ?? new ShopAuthOptions();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddRevocationFeed();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((jwt, sp) =>
                {
                    jwt.MapInboundClaims = false;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                    jwt.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = options.CanonicalIssuer,
                        ValidAudience = ShopClaims.Audience,
                        ValidateIssuer = true,
                        ValidateAudience = true,
                        ValidateLifetime = true,
                        ValidateIssuerSigningKey = true,
                        RequireSignedTokens = true,
                        RequireExpirationTime = true,
                        // Access tokens only (RFC 9068): an id token or any other JWT signed by the same key is
                        // not one.
                        ValidTypes = ["at+jwt"],
                        ValidAlgorithms =
                        [
                            SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256,
                            SecurityAlgorithms.EcdsaSha256,
                        ],
                        ClockSkew = options.ClockSkew,
                        NameClaimType = ShopClaims.Subject,
                        RoleClaimType = ShopClaims.Role,
                    };
                    if (options.ValidatedTokenCacheSize > 0)
                    {
                        jwt.TokenHandlers.Clear();
                        jwt.TokenHandlers.Add(new CachingJsonWebTokenHandler(
                            options.ValidatedTokenCacheSize, options.ValidatedTokenMaxAge, sp.GetService<TimeProvider>()
                        ?? TimeProvider.System)
                        {
                            MapInboundClaims = false,
                        });
                    }

                    RevocationRegistration.RefuseRevoked(jwt, sp.GetRequiredService<RevokedAuthorizations>());
                    var local = sp.GetService<ILocalSigningKeys>();
                    if (local is not null)
                    {
                        jwt.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => local.ValidationKeys();
                    }
                    else
                    {
                        AuthorityMetadata.Configure(jwt, options);
                    }
                });

        services.AddAuthorizationBuilder()
            .AddPolicy(
                ShopPolicies.CatalogAdmin,
                p => p.RequireAuthenticatedUser().RequireScope(ShopScopes.CatalogAdmin).RequireRole(ShopRoles.Admin))
            .AddPolicy(ShopPolicies.Cart, p => p.RequireAuthenticatedUser().RequireScope(ShopScopes.Cart))
            .AddPolicy(ShopPolicies.Orders, p => p.RequireAuthenticatedUser().RequireScope(ShopScopes.Orders))
            .AddPolicy(
                ShopPolicies.OrdersAdmin,
                p => p.RequireAuthenticatedUser().RequireScope(ShopScopes.Orders).RequireRole(ShopRoles.Admin))
            .AddPolicy(ShopPolicies.Internal, p => p.RequireAuthenticatedUser().RequireScope(ShopScopes.Internal));
        return services;
    }

    /// <summary>Requires a scope in the token's space-separated <c>scope</c> claim (or <c>scp</c>).</summary>
    public static AuthorizationPolicyBuilder RequireScope(this AuthorizationPolicyBuilder policy, string scope) =>
        policy.RequireAssertion(context => context.User.HasScope(scope));

    public static bool HasScope(this System.Security.Claims.ClaimsPrincipal user, string scope) =>
        user.FindAll(c => c.Type is ShopClaims.Scope or "scp")
            .Any(
                c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}
