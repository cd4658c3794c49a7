using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Identity.Features.Login;

/// <summary>The sign-in form: plain HTML, no script, so that it works in any browser and from curl.</summary>
internal static class LoginPage
{
    public const string GenericFailure = "Invalid email or password.";

    /// <summary>The look of the account pages (sign-in, register), inline: they load nothing else.</summary>
    public const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 4rem auto; padding: 0 1rem; }
        label, input, button { display: block; width: 100%; box-sizing: border-box; }
        input { margin: .25rem 0 1rem; padding: .5rem; } button { padding: .6rem; }
        .error { color: #b00020; } a { color: #0b5cad; }
        """;

    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action " +
        "'self'; frame-ancestors 'none'";

    public static IResult Render(
        HttpContext http, IAntiforgery antiforgery, string returnUrl, string? email, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Default;
        var tokenField = html.Encode(tokens.FormFieldName);
        var tokenValue = html.Encode(tokens.RequestToken ?? "");
        var emailValue = html.Encode(email ?? "");
        var register = html.Encode("/account/register?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var message = error is null ? "" : $"""<p class="error" role="alert">{html.Encode(error)}</p>""";
        var page = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in</title>
              <style>{{Style}}</style>
            </head>
            <body>
              <main>
              <h1>Sign in</h1>
              {{message}}
              <form method="post" action="/account/login">
                <input type="hidden" name="{{tokenField}}" value="{{tokenValue}}">
                <input type="hidden" name="returnUrl" value="{{html.Encode(returnUrl)}}">
                <label for="email">Email</label>
                <input id="email" name="email" type="email" autocomplete="username" required
                       value="{{emailValue}}">
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit">Sign in</button>
              </form>
              <p>New here? <a href="{{register}}">Create an account</a></p>
              </main>
            </body>
            </html>
            """;

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return Results.Content(page, "text/html; charset=utf-8");
    }

    /// <summary>
    /// A local URL as a <c>Location</c> header can carry it: characters outside ASCII percent-encoded as UTF-8
    /// (a header with <c>é</c> in it throws, so <c>/é</c> was a 500); what is ASCII already is left as it is.
    /// </summary>
    public static string AsciiLocation(string url)
    {
        var ascii = new StringBuilder(url.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                ascii.Append((char)rune.Value);
                continue;
            }

            for (var i = 0; i < rune.EncodeToUtf8(utf8); i++)
            {
                ascii.Append('%').Append(utf8[i].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return ascii.ToString();
    }

    /// <summary>A path on this site only (<c>/x</c>, not <c>//host</c> nor <c>/\host</c>): anything else is an open
    /// redirect.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' &&
        (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) &&
        !url.Any(char.IsControl);
}
