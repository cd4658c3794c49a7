using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Storefront.Session;

/// <summary>
/// <c>GET /signin</c> starts the authorization code flow (PKCE) at the provider. <c>POST /signout</c> (a form, with
/// antiforgery) ends the session here and at the provider: the end-session request carries the id token as
/// <c>id_token_hint</c>, so the provider signs out at once and returns to <c>/signout-callback-oidc</c>.
/// </summary>
internal static class SignInEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/signin", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) },
            [StorefrontSchemes.OpenIdConnect])).WithMetadata(StorefrontEndpoint.Marker);

        endpoints.MapPost("/signout", async (HttpContext http, [FromForm] string? returnUrl) =>
        {
            var session = await http.AuthenticateAsync(StorefrontSchemes.Cookie);
            if (!session.Succeeded)
            {
                return Results.LocalRedirect("/");
            }

            // Sign out at the provider first: its handler reads the id token from the session that the cookie's
            // sign-out then deletes.
            return Results.SignOut(
                new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) },
                [StorefrontSchemes.OpenIdConnect, StorefrontSchemes.Cookie]);
        }).WithMetadata(StorefrontEndpoint.Marker);
    }

    /// <summary>A path on this site only (<c>/x</c>, not <c>//host</c> nor <c>/\host</c>): anything else is an open
    /// redirect.</summary>
    public static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl)
            ? url
            : "/";
}

/// <summary>Marks the storefront's endpoints: they authenticate with its cookie, and get its security
/// headers.</summary>
public sealed class StorefrontEndpoint
{
    public static readonly StorefrontEndpoint Marker = new();
}
