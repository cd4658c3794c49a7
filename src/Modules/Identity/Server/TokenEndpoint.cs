using Identity.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server;

/// <summary>
/// <c>/connect/token</c> after OpenIddict validated the grant (code + PKCE verifier, refresh token,
/// client secret): the claims are rebuilt from the user as they are now, so a removed role or a
/// deleted account is seen at the next refresh.
/// </summary>
internal static class TokenEndpoint
{
    public const string RateLimitPolicy = "identity-token";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/connect/token", HandleAsync).RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        UserManager<ShopUser> users,
        TokenPrincipals principals)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            return Results.SignIn(TokenPrincipals.ForClient(request.ClientId!, request.GetScopes()),
                authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType() &&
            !request.IsDeviceCodeGrantType())
        {
            return OAuthErrors.Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
        }

        var grant = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var userId = grant.Principal?.GetClaim(Claims.Subject);
        var user = Guid.TryParse(userId, out _) ? await users.FindByIdAsync(userId!) : null;
        // A lockout is not checked here: anyone can lock an account by failing to sign in, and its owner's refresh
        // tokens must keep working meanwhile (M2). Revocation and deletion are what end them.
        if (user is null)
        {
            return OAuthErrors.Forbid(Errors.InvalidGrant, "The grant is no longer valid.");
        }

        var scopes = grant.Principal!.GetScopes();
        if (request.IsRefreshTokenGrantType() && !string.IsNullOrEmpty(request.Scope))
        {
            // A refresh may narrow the scopes, never widen them.
            scopes = [.. scopes.Intersect(request.GetScopes(), StringComparer.Ordinal)];
        }

        var principal = await principals.ForUserAsync(user, scopes);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
