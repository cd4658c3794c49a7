using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; " +
        "object-src 'none'";

    /// <summary>
    /// Right after the antiforgery middleware: a storefront form whose token failed is refused here, before its endpoint
    /// reads it, and <see cref="InvokeAsync"/> answers 400 with the "form has expired" page. Minimal APIs' run-time
    /// binder refuses such a form on its own, but the generated delegates (ADR 0016) read the form first, and reading
    /// it then throws an <see cref="InvalidOperationException"/>: a 500.
    /// </summary>
    public static Task RefuseForgedForms(HttpContext http, RequestDelegate next) =>
        http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } failed
        && http.GetEndpoint()?.Metadata.GetMetadata<StorefrontEndpoint>() is not null
            ? throw new BadHttpRequestException(
                $"The form's antiforgery token is missing or invalid: {failed.Error?.Message}",
                StatusCodes.Status400BadRequest)
            : next(http);

    /// <summary>The headers of every storefront answer; a cache policy the answer set stays.</summary>
    public static void AddSecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        if (string.IsNullOrEmpty(headers.CacheControl))
        {
            headers.CacheControl = "no-store";
        }
    }

    /// <summary>
    /// Answers a sign-in callback the OpenID Connect handler refused: one opened again from the history (its
    /// correlation cookie is spent), one that outlived that cookie, a forged one, or the provider's error (such as
    /// <c>access_denied</c>). Nothing was signed in; it is no server failure (it was a 500), and the shopper may
    /// simply start again.
    /// </summary>
    public static async Task RefuseSignInCallback(RemoteFailureContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        http.RequestServices.GetRequiredService<ILogger<StorefrontPipeline>>()
            .LogInformation("A sign-in callback was refused: {Reason}", context.Failure?.Message);
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "text/html; charset=utf-8";
        AddSecurityHeaders(http.Response);
        await http.Response.WriteAsync(FailurePage.Html("/signin", "Sign-in did not complete",
            "This sign-in link was already used, has expired, or was declined. You are not signed in."));
    }

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
            AddSecurityHeaders((HttpResponse)state);
            return Task.CompletedTask;
        }, http.Response);

        try
        {
            await next(http);
            if (http.Response.StatusCode == StatusCodes.Status404NotFound && !http.Response.HasStarted)
            {
                // A page that set 404 (the API said the product or order does not exist): Blazor renders no body
                // for a 404 (it leaves it to re-execution), and the Host's status code pages would answer JSON.
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(FailurePage.Html(http.Request.Path + http.Request.QueryString,
                    "Not found", "That does not exist (any more)."));
            }
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            // A form without a valid antiforgery token (expired, or posted from another site), or one that cannot
            // be read: refused, nothing changed, and the shopper told what to do.
            logger.LogInformation("A storefront form was refused: {Reason}", e.Message);
            http.Response.Clear();
            http.Response.StatusCode = e.StatusCode;
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(FailurePage.Html(FailurePage.Referrer(http), "This form has expired",
                "The page was open too long, or the form did not come from this shop. Nothing was changed."));
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "A storefront page failed: {Path}", http.Request.Path);
            http.Response.Clear();
            http.Response.StatusCode = (int)HttpStatusCode.InternalServerError;
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(FailurePage.Html(http.Request.Path + http.Request.QueryString,
                "Something went wrong", "We could not show this page. Nothing you did caused it."));
        }
    }
}
