using System.Collections.Immutable;
using System.Security.Claims;
using BuildingBlocks.Auth;
using Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server;

/// <summary>What a token says about its holder: the claims, the granted scopes, the audience.</summary>
internal sealed class TokenPrincipals(UserManager<ShopUser> users)
{
    public static readonly string[] UserScopes =
        [
            Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess,
            ShopScopes.CatalogAdmin, ShopScopes.Cart, ShopScopes.Orders,
        ];

    public async Task<ClaimsPrincipal> ForUserAsync(ShopUser user, IEnumerable<string> requestedScopes)
    {
        var roles = await users.GetRolesAsync(user);
        var scopes = GrantedToUser(requestedScopes, roles);

        var identity = new ClaimsIdentity(
            TokenValidationParameters.DefaultAuthenticationType,
            Claims.Name,
            Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaims(Claims.Role, [.. roles]);
        identity.SetScopes(scopes);
        identity.SetResources(ShopClaims.Audience);
        identity.SetDestinations(claim => Destinations(claim, scopes));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A service client (client credentials): its own id as <c>sub</c>, no roles, the scopes its registration
    /// allows.</summary>
    public static ClaimsPrincipal ForClient(string clientId, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(
            TokenValidationParameters.DefaultAuthenticationType,
            Claims.Name,
            Claims.Role);
        identity.SetClaim(Claims.Subject, clientId).SetClaim(Claims.Name, clientId);
        identity.SetScopes(scopes.Where(s => s is not (Scopes.OpenId or Scopes.OfflineAccess)));
        identity.SetResources(ShopClaims.Audience);
        identity.SetDestinations(_ => [OpenIddictConstants.Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// A user never gets <c>internal</c>, and gets <c>catalog.admin</c> only as an admin: the token simply
    /// lacks a scope the user may not have (the client's registration already refused unknown ones).
    /// </summary>
    public static ImmutableArray<string> GrantedToUser(IEnumerable<string> requested, IEnumerable<string> roles)
    {
        var isAdmin = roles.Contains(ShopRoles.Admin, StringComparer.Ordinal);
        return [.. requested.Distinct(StringComparer.Ordinal)
            .Where(s => UserScopes.Contains(s, StringComparer.Ordinal))
            .Where(s => s != ShopScopes.CatalogAdmin || isAdmin)];
    }

    private static IEnumerable<string> Destinations(Claim claim, ImmutableArray<string> scopes)
    {
        // Roles always travel in the access token: the APIs' policies need them. Profile data only with its scope.
        var identityToken = claim.Type switch
        {
            Claims.Name => scopes.Contains(Scopes.Profile),
            Claims.Email => scopes.Contains(Scopes.Email),
            Claims.Role => scopes.Contains(Scopes.Roles),
            _ => false,
        };
        var accessToken = claim.Type switch
        {
            Claims.Name => scopes.Contains(Scopes.Profile),
            Claims.Email => scopes.Contains(Scopes.Email),
            _ => true,
        };

        if (accessToken)
        {
            yield return OpenIddictConstants.Destinations.AccessToken;
        }

        if (identityToken)
        {
            yield return OpenIddictConstants.Destinations.IdentityToken;
        }
    }
}
