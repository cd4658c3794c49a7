using System.Text.Encodings.Web;
using FluentValidation;
using Identity.Features.Login;
using Identity.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Identity.Features.Register;

/// <summary>
/// <c>GET,POST /account/register</c>: the HTML form a person creates an account with, linked from the sign-in page.
/// Same rules as <c>POST /api/identity/register</c>; on success it goes on to the sign-in page with the same
/// <c>returnUrl</c>, so the new customer signs in and lands where they started (a storefront's authorize request).
/// </summary>
internal static class RegisterPage
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/register", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Render(http, antiforgery, Local(returnUrl), email: null, displayName: null, errors: []));
        account.MapPost("/register", PostAsync).RequireRateLimiting(Register.RateLimitPolicy);
    }

    private static async Task<IResult> PostAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<ShopUser> users, TimeProvider clock,
        IValidator<Register.Request> validator)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "The registration " +
                "form is posted as application/x-www-form-urlencoded.");
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The form has expired or did " +
                "not come from this site; reload the registration page.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = Local(form["returnUrl"].ToString());
        var request = new Register.Request(
            form["email"].ToString().Trim(), form["password"].ToString(), form["displayName"].ToString().Trim());
        var validation = await validator.ValidateAsync(request, http.RequestAborted);
        if (!validation.IsValid)
        {
            return Render(http, antiforgery, returnUrl, request.Email, request.DisplayName,
                validation.Errors.Select(e => e.ErrorMessage).Distinct().ToArray());
        }

        var (created, _) = await Register.CreateCustomerAsync(request, users, clock);
        if (!created.Succeeded)
        {
            var messages = created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail)
                    or nameof(IdentityErrorDescriber.DuplicateUserName))
                ? ["An account with this email already exists. Sign in instead."]
                : created.Errors.Select(e => e.Description).ToArray();
            return Render(http, antiforgery, returnUrl, request.Email, request.DisplayName, messages);
        }

        return Results.Redirect(LoginPage.AsciiLocation(
            "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl)));
    }

    private static string Local(string? returnUrl) => LoginPage.IsLocal(returnUrl) ? returnUrl! : "/";

    private static IResult Render(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? email,
        string? displayName, IReadOnlyList<string> errors)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Default;
        var messages = errors.Count == 0 ? "" : "<ul class=\"error\" role=\"alert\">"
            + string.Concat(errors.Select(e => $"<li>{html.Encode(e)}</li>")) + "</ul>";
        var signIn = html.Encode("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var page = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Create an account</title>
              <style>{{LoginPage.Style}}</style>
            </head>
            <body>
              <main>
              <h1>Create an account</h1>
              {{messages}}
              <form method="post" action="/account/register">
                <input type="hidden" name="{{html.Encode(tokens.FormFieldName)}}"
                       value="{{html.Encode(tokens.RequestToken ?? "")}}">
                <input type="hidden" name="returnUrl" value="{{html.Encode(returnUrl)}}">
                <label for="email">Email</label>
                <input id="email" name="email" type="email" autocomplete="username" required maxlength="256"
                       value="{{html.Encode(email ?? "")}}">
                <label for="displayName">Your name (optional)</label>
                <input id="displayName" name="displayName" autocomplete="name" maxlength="100"
                       value="{{html.Encode(displayName ?? "")}}">
                <label for="password">Password (at least 12 characters)</label>
                <input id="password" name="password" type="password" autocomplete="new-password" required
                       minlength="12" maxlength="128">
                <button type="submit">Create account</button>
              </form>
              <p>Already have an account? <a href="{{signIn}}">Sign in</a></p>
              </main>
            </body>
            </html>
            """;

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        http.Response.Headers.ContentSecurityPolicy = LoginPage.ContentSecurityPolicy;
        return Results.Content(page, "text/html; charset=utf-8",
            statusCode: errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
