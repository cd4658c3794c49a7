using Microsoft.AspNetCore.Http;

namespace BuildingBlocks.Web;

/// <summary>
/// <c>X-Content-Type-Options: nosniff</c> on every answer and no <c>Server</c> header, set as the answer starts: error
/// handlers clear the headers set before them, and a proxied answer brings its backend's headers.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.Remove("Server");
            return Task.CompletedTask;
        }, http.Response);
        return next(http);
    }
}
