using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Resilience;

/// <summary>RFC 9457 bodies for the answers the gateway gives itself when it could not get one from a Host.</summary>
internal static class ProxyProblems
{
    public static async Task WriteAsync(HttpContext context, IForwarderErrorFeature error)
    {
        var (status, detail) = error.Error switch
        {
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable,
                "No healthy instance can serve this request; try again shortly."),
            ForwarderError.RequestTimedOut => (StatusCodes.Status504GatewayTimeout,
                "The instance serving this request did not answer in time."),
            // The client's body broke a limit (413) or the framing (400) while being read: the caller's fault, not the
            // Host's.
            ForwarderError.RequestBodyClient => BadRequestIn(error.Exception) is { StatusCode: var code }
                ? (code, code == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this server accepts."
                    : "The request body could not be read.")
                : (StatusCodes.Status400BadRequest, "The request body could not be read."),
            // A method HttpClient cannot send on (CONNECT): refused, nothing reached a Host.
            ForwarderError.RequestCreation when error.Exception is NotSupportedException =>
                (StatusCodes.Status405MethodNotAllowed, "The gateway does not forward this method."),
            ForwarderError.RequestCanceled =>
                (StatusCodes.Status499ClientClosedRequest, "The client closed the request."),
            _ => (context.Response.StatusCode >= 500 ? context.Response.StatusCode : StatusCodes.Status502BadGateway,
                "The instance serving this request failed before answering."),
        };

        await WriteAsync(context, status, detail);
    }

    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        if (status == StatusCodes.Status405MethodNotAllowed)
        {
            context.Response.Headers.Allow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    private static BadHttpRequestException? BadRequestIn(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad)
            {
                return bad;
            }
        }

        return null;
    }
}
