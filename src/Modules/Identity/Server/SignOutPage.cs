using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server;

/// <summary>
/// "Sign out?" with one button: what <c>/connect/endsession</c> shows when it cannot tell that the user's own client
/// asked (no valid <c>id_token_hint</c>), so that a link or an image on another site cannot sign anyone out (L8).
/// </summary>
internal static class SignOutPage
{
    public const string ConfirmField = "confirm";

    public static IResult Render(HttpContext http, IAntiforgery antiforgery, OpenIddictRequest request)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Default;
        var fields = new Dictionary<string, string?>
        {
            [tokens.FormFieldName] = tokens.RequestToken,
            [ConfirmField] = "yes",
            [Parameters.ClientId] = request.ClientId,
            [Parameters.PostLogoutRedirectUri] = request.PostLogoutRedirectUri,
            [Parameters.State] = request.State,
        };
        var hidden = string.Concat(fields.Where(f => f.Value is not null).Select(f =>
            $"""<input type="hidden" name="{html.Encode(f.Key)}" value="{html.Encode(f.Value!)}">"""));
        var page = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign out</title>
              <style>
                body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 4rem auto; padding: 0 1rem; }
              </style>
            </head>
            <body>
              <h1>Sign out?</h1>
              <form method="post" action="/connect/endsession">
                {{hidden}}
                <button type="submit">Sign out</button>
              </form>
            </body>
            </html>
            """;

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        http.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        return Results.Content(page, "text/html; charset=utf-8");
    }
}
