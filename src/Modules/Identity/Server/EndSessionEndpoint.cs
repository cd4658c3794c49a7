using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
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
/// <c>/connect/endsession</c>: ends the sign-in session, then returns to the client's registered post-logout URI (or
/// <c>/</c>). At once only with a valid <c>id_token_hint</c> of the signed-in user (OpenIddict checks its signature);
/// otherwise after the user confirms on an antiforgery-protected form.
/// </summary>
internal static class EndSessionEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post],
            (Func<HttpContext, IAntiforgery, Task<IResult>>)HandleAsync).ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(HttpContext http, IAntiforgery antiforgery)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (session.Succeeded && !await IsConfirmedAsync(http, antiforgery, session.Principal))
        {
            return SignOutPage.Render(http, antiforgery, request);
        }

        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<bool> IsConfirmedAsync(HttpContext http, IAntiforgery antiforgery, ClaimsPrincipal user)
    {
        // OpenIddict validated the hint's signature and lifetime; it must also name the signed-in user.
        var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var subject = user.FindFirst(Claims.Subject)?.Value;
        if (hint.Principal?.GetClaim(Claims.Subject) is { } hinted && hinted == subject)
        {
            return true;
        }

        return HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType &&
               http.Request.Form[SignOutPage.ConfirmField] == "yes" &&
               await antiforgery.IsRequestValidAsync(http);
    }
}
