using System.Text.Encodings.Web;

namespace Storefront.Web;

/// <summary>The last resort when a page itself failed: a plain page with a retry link, nothing about the
/// cause.</summary>
internal static class FailurePage
{
    public static string Html(string retryUrl) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Something went wrong · Shop</title><link rel="stylesheet" href="/storefront.css"></head>
        <body><main id="main" class="page">
        <h1>Something went wrong</h1>
        <p class="notice error" role="alert">We could not show this page. Nothing you did caused it.</p>
        <p><a class="button" href="{{HtmlEncoder.Default.Encode(retryUrl)}}">Try again</a>
        <a href="/">Back to the shop</a></p>
        </main></body></html>
        """;
}
