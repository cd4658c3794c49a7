using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Storefront.Session;

namespace Storefront.Web;

/// <summary>
/// For the storefront's endpoints only (the API beside them keeps its bearer scheme): the shopper is the one of the
/// storefront's session cookie; answers carry a strict Content-Security-Policy and are never cached; an unexpected
/// failure is a page with a retry, never a stack trace.
/// </summary>
internal sealed class StorefrontPipeline(RequestDelegate next, ILogger<StorefrontPipeline> logger)
{
    /// <summary>Scripts and styles from this origin only: no inline script, no inline style, no other site.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; " +
        "object-src 'none'";

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<StorefrontEndpoint>() is null)
        {
            await next(http);
            return;
        }

        var session = await http.AuthenticateAsync(StorefrontSchemes.Cookie);
        if (session.Succeeded)
        {
            http.User = session.Principal;
        }

        http.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            if (string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, http.Response);

        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "A storefront page failed: {Path}", http.Request.Path);
            http.Response.Clear();
            http.Response.StatusCode = (int)HttpStatusCode.InternalServerError;
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(FailurePage.Html(http.Request.Path + http.Request.QueryString));
        }
    }
}
