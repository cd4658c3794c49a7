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
/// the same answer; five failures lock the account for five minutes (Identity's lockout).
/// </summary>
internal static class SignIn
{
    public const string RateLimitPolicy = "identity-sign-in";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            LoginPage.Render(http, antiforgery, LoginPage.IsLocal(returnUrl) ? returnUrl! : "/", email: null, error: null));
        account.MapPost("/login", PostAsync).RequireRateLimiting(RateLimitPolicy);
    }

    private static async Task<IResult> PostAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<ShopUser> users, SignInManager<ShopUser> signIn,
        DummyPassword dummy, ILoggerFactory loggers)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The sign-in form is posted as application/x-www-form-urlencoded.");
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The form has expired or did not come from this site; reload the sign-in page.");
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

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            if (result.IsLockedOut)
            {
                // Identity answers a locked account before hashing anything (3 ms against 150): spend the same work,
                // so that response times tell neither that the account exists nor that it is locked (M2).
                dummy.Verify(password);
                loggers.CreateLogger(typeof(SignIn)).LogWarning("Sign-in refused for locked-out user {UserId}", user.Id);
            }

            return LoginPage.Render(http, antiforgery, target, email, LoginPage.GenericFailure);
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return Results.Redirect(LoginPage.AsciiLocation(target));
    }
}
