using System.Collections.Concurrent;
using BuildingBlocks.Auth;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.LoadBalancing;

/// <summary>
/// <c>"LoadBalancingPolicy": "ConsistentHash"</c>: the same user lands on the same healthy instance (warm caches,
/// fewer cross-instance races). The key is the header named by the cluster's metadata <c>ConsistentHashHeader</c>
/// when the request has it, else the validated token's <c>sub</c>; with neither, round robin.
/// </summary>
internal sealed class ConsistentHashPolicy(IOptions<GatewayOptions> options) : ILoadBalancingPolicy
{
    public const string PolicyName = "ConsistentHash";
    public const string HeaderMetadataKey = "ConsistentHashHeader";

    private readonly int _virtualNodes = options.Value.ConsistentHash.VirtualNodes;
    private readonly ConcurrentDictionary<string, HashRing<DestinationState>> _rings = new(StringComparer.Ordinal);
    private uint _roundRobin;

    public string Name => PolicyName;

    public DestinationState? PickDestination(
        HttpContext context,
        ClusterState cluster,
        IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count == 0)
        {
            return null;
        }

        var key = KeyOf(context, cluster);
        if (key is null)
        {
            return availableDestinations[
                (int)(Interlocked.Increment(ref _roundRobin) % (uint)availableDestinations.Count)];
        }

        // The available list is a new instance whenever health or configuration changes: rebuild only then.
        var ring = _rings.AddOrUpdate(
            cluster.ClusterId,
            static (_, state) => HashRing<DestinationState>.Build(
                state.available,
                d => d.DestinationId,
                state.virtualNodes),
            static (_, existing, state) => existing.IsFor(state.available)
                ? existing
                : HashRing<DestinationState>.Build(state.available, d => d.DestinationId, state.virtualNodes),
            (available: availableDestinations, virtualNodes: _virtualNodes));
        return ring.Owner(key);
    }

    private static string? KeyOf(HttpContext context, ClusterState cluster)
    {
        if (cluster.Model.Config.Metadata?.TryGetValue(HeaderMetadataKey, out var header) == true
            && !string.IsNullOrWhiteSpace(header)
            && context.Request.Headers[header].ToString() is { Length: > 0 } value)
        {
            return value;
        }

        return context.User.Identity?.IsAuthenticated == true
            ? context.User.FindFirst(ShopClaims.Subject)?.Value
            : null;
    }
}
