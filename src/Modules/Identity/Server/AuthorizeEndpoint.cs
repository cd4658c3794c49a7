using Identity.Users;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server;

/// <summary>
/// <c>/connect/authorize</c> after OpenIddict validated the request (client, redirect URI, PKCE):
/// a signed-in browser gets a code at once (first-party clients, no consent), anyone else goes to the sign-in page.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        UserManager<ShopUser> users,
        TokenPrincipals principals,
        TimeProvider clock)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");

        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        if (user is null || await users.IsLockedOutAsync(user) || MustSignInAgain(request, session, clock))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return OAuthErrors.Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            // The cookie handler redirects to /account/login?returnUrl=<this authorize request, without prompt=login,
            // or the user would be sent back to the login page forever>.
            return Results.Challenge(new AuthenticationProperties { RedirectUri = WithoutPromptLogin(http, request) },
                [IdentityConstants.ApplicationScheme]);
        }

        var principal = await principals.ForUserAsync(user, request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary><c>prompt=login</c>, or a session older than <c>max_age</c> seconds.</summary>
    private static bool MustSignInAgain(OpenIddictRequest request, AuthenticateResult session, TimeProvider clock) =>
        request.HasPromptValue(PromptValues.Login) ||
        (request.MaxAge is { } maxAge && session.Properties?.IssuedUtc is { } signedInAt &&
         clock.GetUtcNow() - signedInAt > TimeSpan.FromSeconds(maxAge));

    private static string WithoutPromptLogin(HttpContext http, OpenIddictRequest request)
    {
        var parameters = (http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList())
            .Where(p => p.Key != Parameters.Prompt)
            .ToList();
        var prompt = string.Join(' ', request.GetPromptValues().Remove(PromptValues.Login));
        if (prompt.Length > 0)
        {
            parameters.Add(KeyValuePair.Create(Parameters.Prompt, new StringValues(prompt)));
        }

        return http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
    }
}
