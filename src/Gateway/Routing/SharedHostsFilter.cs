using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Routing;

/// <summary>
/// Gives every cluster without destinations of its own the <c>Gateway:Hosts</c>, named by their authority
/// (<c>localhost:5080</c>): in the monolith and scaled topologies all module clusters point at the same Hosts.
/// </summary>
internal sealed class SharedHostsFilter(IOptionsMonitor<GatewayOptions> options) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        var hosts = options.CurrentValue.Hosts.Where(h => !string.IsNullOrWhiteSpace(h)).ToArray();
        if (cluster.Destinations is { Count: > 0 } || hosts.Length == 0)
        {
            return ValueTask.FromResult(cluster);
        }

        var destinations = hosts.ToDictionary(
            h => new Uri(h).Authority,
            h => new DestinationConfig { Address = h },
            StringComparer.OrdinalIgnoreCase);
        return ValueTask.FromResult(cluster with { Destinations = destinations });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(
        RouteConfig route,
        ClusterConfig? cluster,
        CancellationToken cancel) =>
        ValueTask.FromResult(route);
}
