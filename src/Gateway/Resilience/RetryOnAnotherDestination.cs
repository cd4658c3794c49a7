using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Gateway.Resilience;

/// <summary>
/// The first step of the proxy pipeline. It runs the rest of the pipeline (load balancing, passive health,
/// forwarding) and, when forwarding failed before any response byte reached the client with a transport error
/// (<see cref="ForwarderError.Request"/>: connection refused or reset before a response), runs it again on a
/// destination not tried yet. Only for requests safe to repeat: GET, HEAD, PUT, DELETE, OPTIONS, TRACE, and any
/// request carrying an <c>Idempotency-Key</c> (the modules deduplicate those). Their bodies are buffered
/// (memory, then a temp file, within the body size limit) so they can be sent again. Whatever fails in the end
/// gets a problem response instead of YARP's empty 502/503/504.
/// </summary>
internal sealed partial class RetryOnAnotherDestination(
    RequestDelegate next,
    IOptions<GatewayOptions> options,
    ILogger<RetryOnAnotherDestination> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly int _maxAttempts = Math.Max(1, options.Value.Retry.MaxAttempts);

    public async Task InvokeAsync(HttpContext context)
    {
        // A declared length over the limit is refused before a Host sees a byte (chunked bodies fail while read).
        if (context.Request.ContentLength > context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
        {
            await ProxyProblems.WriteAsync(
                context,
                StatusCodes.Status413PayloadTooLarge,
                "The request body is larger than this server accepts.");
            return;
        }

        var retryable = IsSafeToRepeat(context.Request);
        if (retryable && _maxAttempts > 1 && RequestHasBody(context.Request))
        {
            context.Request.EnableBuffering();
        }

        var proxy = context.GetReverseProxyFeature();
        var tried = new List<DestinationState>(capacity: 2);
        while (true)
        {
            await next(context);
            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null || context.Response.HasStarted)
            {
                return;
            }

            if (retryable && error.Error == ForwarderError.Request && tried.Count + 1 < _maxAttempts
                && proxy.ProxiedDestination is { } failed)
            {
                tried.Add(failed);
                var remaining = proxy.Route.Cluster!.DestinationsState.AvailableDestinations
                    .Where(d => !tried.Contains(d))
                    .ToArray();
                if (remaining.Length > 0)
                {
                    LogRetry(
                        logger,
                        context.Request.Method,
                        context.Request.Path,
                        failed.DestinationId,
                        error.Exception?.Message);
                    context.Response.Clear();
                    context.Features.Set<IForwarderErrorFeature>(null);
                    if (context.Request.Body.CanSeek)
                    {
                        context.Request.Body.Position = 0;
                    }

                    proxy.AvailableDestinations = remaining;
                    continue;
                }
            }

            await ProxyProblems.WriteAsync(context, error);
            return;
        }
    }

    public static bool IsSafeToRepeat(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsPut(request.Method)
        || HttpMethods.IsDelete(request.Method) || HttpMethods.IsOptions(request.Method)
        || HttpMethods.IsTrace(request.Method)
        || request.Headers.ContainsKey(IdempotencyKeyHeader);

    private static bool RequestHasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Method} {Path} failed on {Destination} before a response ({Reason}); "
            + "retrying on another destination")]
    private static partial void LogRetry(
        ILogger logger,
        string method,
        string path,
        string destination,
        string? reason);
}
