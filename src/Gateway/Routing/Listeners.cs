using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Gateway.Routing;

/// <summary>
/// Two listeners: the public HTTPS one (<c>Kestrel:Endpoints:Https</c>) and the internal one
/// (<c>Kestrel:Endpoints:Internal</c>), told apart by the local port of the connection, never by a header a caller
/// could forge. Routes whose metadata says <c>"Listener": "Internal"</c> exist only on the internal listener; the
/// internal listener serves nothing else but health.
/// </summary>
internal sealed class Listeners(IConfiguration configuration)
{
    public const string MetadataKey = "Listener";
    public const string Internal = "Internal";

    private readonly int? _internalPort = PortOf(configuration["Kestrel:Endpoints:Internal:Url"]);

    public bool IsInternal(HttpContext http) => _internalPort is { } port && http.Connection.LocalPort == port;

    public static bool IsInternalRoute(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata?
            .TryGetValue(MetadataKey, out var listener) == true
        && string.Equals(listener, Internal, StringComparison.OrdinalIgnoreCase);

    private static int? PortOf(string? url) => string.IsNullOrWhiteSpace(url) ? null : BindingAddress.Parse(url).Port;
}

/// <summary>Answers 404 (a problem, through the status code pages) for a route on the wrong listener.</summary>
internal sealed class ListenerGuardMiddleware(RequestDelegate next, Listeners listeners)
{
    public Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        var onInternal = listeners.IsInternal(http);
        var allowed = onInternal
            ? Listeners.IsInternalRoute(endpoint) || http.Request.Path.StartsWithSegments("/health")
            : !Listeners.IsInternalRoute(endpoint);
        if (allowed)
        {
            return next(http);
        }

        http.SetEndpoint(null);
        http.Features.Get<IRouteValuesFeature>()?.RouteValues.Clear();
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
