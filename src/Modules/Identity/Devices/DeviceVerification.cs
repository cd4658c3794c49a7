using System.Security.Claims;
using Identity.Server;
using Identity.Users;
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

namespace Identity.Devices;

/// <summary>
/// The device authorization grant (RFC 8628) for <c>shop login</c>: <c>POST /connect/device</c> (answered by
/// OpenIddict) and the verification page <c>/connect/verify</c>, where a signed-in user confirms the code the device
/// shows and approves or denies it. Signing in comes first (the sign-in page, then back here); the approval is a form
/// with antiforgery; every code checked counts against a per-address rate limit, so codes cannot be guessed.
/// </summary>
internal static class DeviceVerification
{
    public const string RateLimitPolicy = "identity-device";

    public const string DecisionField = "decision";

    private const string OutcomeParameter = "outcome";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // OpenIddict answers the device endpoint inside the authentication middleware; the route exists so that the
        // rate limiter sees the policy. Its handler is never reached.
        endpoints.MapPost("/connect/device", () => Results.NotFound())
            .RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
        endpoints.MapGet("/connect/verify", ShowAsync).RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
        endpoints.MapPost("/connect/verify", DecideAsync).RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
    }

    /// <summary>What the rate limit counts: a request that names a user code, or creates one.</summary>
    public static bool ChecksACode(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) || request.Query.ContainsKey(Parameters.UserCode);

    private static async Task<IResult> ShowAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<ShopUser> users)
    {
        var typed = http.Request.Query[Parameters.UserCode].ToString();
        if (typed.Any(char.IsLower))
        {
            // OpenIddict ignores characters outside the charset: a code typed in lower case would simply not match.
            return Results.Redirect(
                "/connect/verify" + QueryString.Create(Parameters.UserCode, typed.ToUpperInvariant()));
        }

        if (await SignedInUserAsync(http, users) is null)
        {
            return SignInFirst(http);
        }

        var outcome = http.Request.Query[OutcomeParameter].ToString();
        if (typed.Length == 0)
        {
            return DeviceVerificationPage.Render(http, antiforgery, DeviceVerificationPage.Step.Enter(outcome));
        }

        var device = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!device.Succeeded || device.Principal?.GetClaim(Claims.ClientId) is not { } clientId)
        {
            return DeviceVerificationPage.Render(http, antiforgery, DeviceVerificationPage.Step.Unknown(typed));
        }

        var request = http.GetOpenIddictServerRequest();
        return DeviceVerificationPage.Render(http, antiforgery, DeviceVerificationPage.Step.Confirm(
            request?.UserCode ?? typed, clientId, device.Principal.GetScopes()));
    }

    private static async Task<IResult> DecideAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<ShopUser> users, TokenPrincipals principals)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "The verification form is posted as application/x-www-form-urlencoded.");
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest,
                detail: "The form has expired or did not come from this site; reload the verification page.");
        }

        var user = await SignedInUserAsync(http, users);
        if (user is null)
        {
            return SignInFirst(http);
        }

        var device = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!device.Succeeded || device.Principal?.GetClaim(Claims.ClientId) is null)
        {
            var typed = (await http.Request.ReadFormAsync(http.RequestAborted))[Parameters.UserCode].ToString();
            return DeviceVerificationPage.Render(http, antiforgery, DeviceVerificationPage.Step.Unknown(typed));
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form[DecisionField] != "approve")
        {
            // The device's next poll gets access_denied.
            return Results.Forbid(Done("denied"), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        // The user's own scopes among those the device asked for (catalog.admin only for an admin).
        var principal = await principals.ForUserAsync(user, device.Principal.GetScopes());
        return Results.SignIn(principal, Done("approved"), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static AuthenticationProperties Done(string outcome) =>
        new() { RedirectUri = "/connect/verify" + QueryString.Create(OutcomeParameter, outcome) };

    private static async Task<ShopUser?> SignedInUserAsync(HttpContext http, UserManager<ShopUser> users)
    {
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal ?? new ClaimsPrincipal()) : null;
        return user is null || await users.IsLockedOutAsync(user) ? null : user;
    }

    /// <summary>To the sign-in page, which comes back to this page with the code the user followed.</summary>
    private static IResult SignInFirst(HttpContext http) =>
        Results.Challenge(
            new AuthenticationProperties
            {
                RedirectUri = HttpMethods.IsGet(http.Request.Method)
                    ? http.Request.Path + http.Request.QueryString
                    : http.Request.Path.ToString(),
            },
            [IdentityConstants.ApplicationScheme]);
}
