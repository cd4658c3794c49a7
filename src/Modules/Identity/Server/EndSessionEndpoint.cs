using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Server.AspNetCore;

namespace Identity.Server;

/// <summary><c>/connect/endsession</c>: ends the sign-in session, then returns to the client's registered post-logout
/// URI (or <c>/</c>).</summary>
internal static class EndSessionEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(
            "/connect/endsession",
            [HttpMethods.Get, HttpMethods.Post],
            (Func<HttpContext, Task<IResult>>)HandleAsync).ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(HttpContext http)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
