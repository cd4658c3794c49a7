using Identity.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server;

/// <summary><c>/connect/userinfo</c>: OpenIddict validated the access token (signature, lifetime, not revoked); the
/// claims follow its scopes.</summary>
internal static class UserInfoEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(HttpContext http, UserManager<ShopUser> users)
    {
        var token = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var userId = token.Principal?.GetClaim(Claims.Subject);
        // A service client's subject is its client id, not a user id: looking it up as one would throw.
        var user = Guid.TryParse(userId, out _) ? await users.FindByIdAsync(userId!) : null;
        if (user is null)
        {
            // A service client's token, or an account deleted since: no user to describe.
            return Results.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription]
                    = "The token does not belong to a user.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var principal = token.Principal!;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = user.Id.ToString() };
        if (principal.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.DisplayName;
        }

        if (principal.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email ?? "";
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }

        if (principal.HasScope(Scopes.Roles))
        {
            claims[Claims.Role] = await users.GetRolesAsync(user);
        }

        return Results.Ok(claims);
    }
}
