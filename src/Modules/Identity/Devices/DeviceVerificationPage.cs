using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Devices;

/// <summary>The verification page of <c>shop login</c>: plain HTML forms, no script, usable from any browser and from
/// a test's HTTP client.</summary>
internal static class DeviceVerificationPage
{
    public const string UnknownCode = "This code is not valid, has expired or was already used. Check it, or run " +
        "shop login again.";

    public static IResult Render(HttpContext http, IAntiforgery antiforgery, Step step)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Default;
        var antiforgeryField = $"""<input type="hidden" name="{html.Encode(tokens.FormFieldName)}" value="{
            html.Encode(tokens.RequestToken ?? "")}">""";
        var body = step.Kind switch
        {
            StepKind.Confirm => $$"""
                <h1>Sign in on a device</h1>
                <p><strong>{{html.Encode(step.ClientId!)}}</strong> asks to act as you with the scopes
                   <code>{{html.Encode(string.Join(' ', step.Scopes))}}</code>.</p>
                <p>Check that your device shows this code:
                   <strong id="user-code">{{html.Encode(step.Code!)}}</strong></p>
                <form method="post" action="/connect/verify">
                  {{antiforgeryField}}
                  <input type="hidden" name="{{Parameters.UserCode}}" value="{{html.Encode(step.Code!)}}">
                  <button type="submit" name="{{DeviceVerification.DecisionField}}" value="approve">Approve</button>
                  <button type="submit" name="{{DeviceVerification.DecisionField}}" value="deny">Deny</button>
                </form>
                """,
            _ => $$"""
                <h1>Sign in on a device</h1>
                {{Message(step, html)}}
                <form method="get" action="/connect/verify">
                  <label for="code">Code shown by your device</label>
                  <input id="code" name="{{Parameters.UserCode}}" autocomplete="off" autocapitalize="characters"
                         required value="{{html.Encode(step.Code ?? "")}}">
                  <button type="submit">Continue</button>
                </form>
                """,
        };
        var page = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in on a device</title>
              <style>
                body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 4rem auto; padding: 0 1rem; }
                input, button { display: block; width: 100%; box-sizing: border-box; margin: .25rem 0 1rem;
                  padding: .5rem; }
                .error { color: #b00020; }
              </style>
            </head>
            <body>
            {{body}}
            </body>
            </html>
            """;

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        http.Response.Headers.ContentSecurityPolicy =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        return Results.Content(page, "text/html; charset=utf-8");
    }

    private static string Message(Step step, HtmlEncoder html) => step.Kind switch
    {
        StepKind.Unknown => $"""<p class="error" role="alert">{html.Encode(UnknownCode)}</p>""",
        _ when step.Outcome == "approved" =>
            """<p role="status" id="outcome">Approved: the device is signed in. You can close this page.</p>""",
        _ when step.Outcome == "denied" =>
            """<p role="status" id="outcome">Denied: the device was not signed in.</p>""",
        _ => "<p>Enter the code your device shows.</p>",
    };

    internal enum StepKind
    {
        Enter,
        Unknown,
        Confirm,
    }

    internal sealed record Step(StepKind Kind, string? Code, string? ClientId, IReadOnlyList<string> Scopes,
        string? Outcome)
    {
        public static Step Enter(string? outcome) => new(StepKind.Enter, null, null, [], outcome);

        public static Step Unknown(string typed) => new(StepKind.Unknown, typed, null, [], null);

        public static Step Confirm(string code, string clientId, IEnumerable<string> scopes) =>
            new(StepKind.Confirm, code, clientId, [.. scopes], null);
    }
}
