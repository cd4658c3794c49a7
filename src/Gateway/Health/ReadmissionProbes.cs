using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Gateway.Health;

/// <summary>
/// Probes every destination that is out (taken out by passive health, or by the active probes) every
/// <c>Gateway:PassiveHealth:ProbeInterval</c> (1 s) with the cluster's own active probe
/// (<c>HealthCheck:Active:Path</c>,
/// <c>/health/ready</c>), and readmits it at its first success. YARP alone keeps a passive ejection for the whole
/// reactivation period and probes at the cluster's interval (5 s): a process restarted in 3 s stayed out 15 s.
/// </summary>
internal sealed partial class ReadmissionProbes(
    IProxyStateLookup proxy,
    IProbingRequestFactory probes,
    IDestinationHealthUpdater health,
    IOptions<GatewayOptions> options,
    ILogger<ReadmissionProbes> logger) : BackgroundService
{
    private readonly PassiveHealthSettings _settings = options.Value.PassiveHealth;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_settings.ProbeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var round = new List<Task>();
                foreach (var cluster in proxy.GetClusters())
                {
                    foreach (var destination in cluster.Destinations.Values)
                    {
                        if (IsOut(destination))
                        {
                            round.Add(ProbeAsync(cluster, destination, stoppingToken));
                        }
                    }
                }

                await Task.WhenAll(round);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static bool IsOut(DestinationState destination) =>
        destination.Health.Passive == DestinationHealth.Unhealthy
        || destination.Health.Active == DestinationHealth.Unhealthy;

    private async Task ProbeAsync(ClusterState cluster, DestinationState destination, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_settings.ProbeTimeout);
        try
        {
            using var request = probes.CreateRequest(cluster.Model, destination.Model);
            using var response = await cluster.Model.HttpClient.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Still down (refused, reset or too slow): probed again at the next round.
            return;
        }

        if (destination.Health.Passive == DestinationHealth.Unhealthy)
        {
            health.SetPassive(cluster, destination, DestinationHealth.Healthy, TimeSpan.Zero);
        }

        if (destination.Health.Active == DestinationHealth.Unhealthy)
        {
            health.SetActive(cluster, [new NewActiveDestinationHealth(destination, DestinationHealth.Healthy)]);
        }

        LogReadmitted(logger, destination.DestinationId, cluster.ClusterId);
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Destination {Destination} of cluster {Cluster} answered its probe: readmitted")]
    private static partial void LogReadmitted(ILogger logger, string destination, string cluster);
}
