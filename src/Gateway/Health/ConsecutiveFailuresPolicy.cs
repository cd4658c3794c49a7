using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Gateway.Health;

/// <summary>
/// Passive health <c>"Policy": "ConsecutiveTransportFailures"</c>: a destination is taken out after
/// <c>Gateway:PassiveHealth:ConsecutiveFailures</c> transport failures in a row (default 2), until it answers a
/// probe (<see cref="ReadmissionProbes"/>, every second) or at the latest for the cluster's reactivation period.
/// YARP's TransportFailureRate counts a rate over a window, so an instance that served hundreds of requests before
/// it died would keep receiving traffic for dozens of failures.
/// The last available destination of a cluster is never taken out on transport failures alone: "No available
/// destinations" would refuse every request until a probe readmits it, whereas a restarted process answers the very
/// next one. Only the active probe (which sees it down) takes it out.
/// </summary>
internal sealed class ConsecutiveFailuresPolicy(
    IDestinationHealthUpdater healthUpdater, IOptions<GatewayOptions> options)
    : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "ConsecutiveTransportFailures";

    private readonly PassiveHealthSettings _settings = options.Value.PassiveHealth;
    private readonly ConditionalWeakTable<DestinationState, StrongBox<int>> _failures = [];

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var failures = _failures.GetValue(destination, _ => new StrongBox<int>());
        if (!IsTransportFailure(context.Features.Get<IForwarderErrorFeature>()?.Error))
        {
            Volatile.Write(ref failures.Value, 0);
            return;
        }

        if (Interlocked.Increment(ref failures.Value) >= _settings.ConsecutiveFailures
            && !IsLastAvailable(cluster, destination))
        {
            Volatile.Write(ref failures.Value, 0);
            var reactivation = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod
                ?? _settings.ReactivationPeriod;
            healthUpdater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, reactivation);
        }
    }

    private static bool IsLastAvailable(ClusterState cluster, DestinationState destination) =>
        cluster.DestinationsState.AvailableDestinations.All(d => d == destination);

    /// <summary>Failures of the destination or the way to it; a client that went away says nothing about the
    /// destination.</summary>
    private static bool IsTransportFailure(ForwarderError? error) => error is ForwarderError.Request
        or ForwarderError.RequestTimedOut
        or ForwarderError.RequestBodyDestination
        or ForwarderError.ResponseBodyDestination
        or ForwarderError.UpgradeRequestDestination
        or ForwarderError.UpgradeResponseDestination;
}
