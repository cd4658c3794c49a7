using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Storefront.Web;

/// <summary>The last resort when a page itself failed: a plain page with a retry link, nothing about the
/// cause.</summary>
internal static class FailurePage
{
    public static string Html(string retryUrl, string title, string message) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{HtmlEncoder.Default.Encode(title)}} · Shop</title><link rel="stylesheet" href="/storefront.css"></head>
        <body><main id="main" class="page">
        <h1>{{HtmlEncoder.Default.Encode(title)}}</h1>
        <p class="notice error" role="alert">{{HtmlEncoder.Default.Encode(message)}}</p>
        <p><a class="button" href="{{HtmlEncoder.Default.Encode(retryUrl)}}">Try again</a>
        <a href="/">Back to the shop</a></p>
        </main></body></html>
        """;

    /// <summary>The page the form was on, when it is one of this site's (else the catalog).</summary>
    public static string Referrer(HttpContext http) =>
        Uri.TryCreate(http.Request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer)
        && referrer.Authority == http.Request.Host.Value
            ? Session.SignInEndpoints.LocalOrHome(referrer.PathAndQuery)
            : "/";
}
