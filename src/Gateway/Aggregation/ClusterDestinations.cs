using Yarp.ReverseProxy;
using Yarp.ReverseProxy.LoadBalancing;

namespace Gateway.Aggregation;

/// <summary>
/// Sends <c>http://{clusterId}/path</c> to a destination of that YARP cluster, picked by the cluster's own
/// load-balancing policy among its healthy destinations. It sits inside the resilience handler, so every
/// attempt picks again.
/// </summary>
internal sealed class ClusterDestinations(
    IProxyStateLookup proxyState,
    IEnumerable<ILoadBalancingPolicy> policies,
    IHttpContextAccessor accessor)
    : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<string> ClusterKey = new("Gateway.Cluster");
    private readonly Dictionary<string, ILoadBalancingPolicy> _policies = policies.ToDictionary(
        p => p.Name,
        StringComparer.OrdinalIgnoreCase);

    protected override Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(ClusterKey, out var clusterId))
        {
            clusterId = request.RequestUri!.Host;
            request.Options.Set(ClusterKey, clusterId);
        }

        if (!proxyState.TryGetCluster(clusterId, out var cluster))
        {
            throw new InvalidOperationException($"No cluster '{clusterId}' is configured.");
        }

        var available = cluster.DestinationsState.AvailableDestinations;
        var policyName = cluster.Model.Config.LoadBalancingPolicy ?? LoadBalancingPolicies.PowerOfTwoChoices;
        var destination = available.Count switch
        {
            0 => null,
            1 => available[0],
            _ => _policies.TryGetValue(policyName, out var policy) && accessor.HttpContext is { } http
                ? policy.PickDestination(http, cluster, available)
                : available[Random.Shared.Next(available.Count)],
        };
        if (destination is null)
        {
            return Task.FromResult(
                new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { RequestMessage = request });
        }

        var address = destination.Model.Config.Address.TrimEnd('/');
        request.RequestUri = new Uri(address + request.RequestUri!.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }
}
