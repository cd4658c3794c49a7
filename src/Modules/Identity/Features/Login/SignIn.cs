using Identity.Security;
using Identity.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Identity.Features.Login;

/// <summary>
/// GET and POST <c>/account/login</c>. A wrong password, an unknown email and a locked account all get
/// the same answer; five failures from one address lock the account for that address for five minutes (SignInFailures).
/// </summary>
internal static class SignIn
{
    public const string RateLimitPolicy = "identity-sign-in";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            LoginPage.Render(
                http, antiforgery, LoginPage.IsLocal(returnUrl) ? returnUrl! : "/", email: null, error: null));
        account.MapPost("/login", PostAsync).RequireRateLimiting(RateLimitPolicy);
    }

    private static async Task<IResult> PostAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<ShopUser> users, SignInManager<ShopUser> signIn,
        DummyPassword dummy, SignInFailures failures, ILoggerFactory loggers)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The sign-in form " +
                "is posted as application/x-www-form-urlencoded.");
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The form has expired or did " +
                "not come from this site; reload the sign-in page.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        var target = LoginPage.IsLocal(returnUrl) ? returnUrl : "/";

        var user = email.Length is > 0 and <= 256 ? await users.FindByEmailAsync(email) : null;
        if (user is null)
        {
            // Spend the time a real check takes, so that response times do not tell which emails exist.
            dummy.Verify(password);
            return LoginPage.Render(http, antiforgery, target, email, LoginPage.GenericFailure);
        }

        // Failures count per account and source address (SignInFailures), not per account: Identity's own lockout
        // would let anyone lock anyone out.
        var source = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (failures.IsLockedOut(user.Id, source))
        {
            // The same hashing work as any other attempt, so that response times tell nothing (M2).
            dummy.Verify(password);
            loggers.CreateLogger(typeof(SignIn)).LogWarning(
                "Sign-in refused for user {UserId}: locked out from {Source}", user.Id, source);
            return LoginPage.Render(http, antiforgery, target, email, LoginPage.GenericFailure);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (!result.Succeeded)
        {
            if (result.IsLockedOut)
            {
                dummy.Verify(password);
            }

            failures.Fail(user.Id, source);
            return LoginPage.Render(http, antiforgery, target, email, LoginPage.GenericFailure);
        }

        failures.Succeeded(user.Id, source);
        await signIn.SignInAsync(user, isPersistent: false);
        return Results.Redirect(LoginPage.AsciiLocation(target));
    }
}
