using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Modules;

/// <summary>
/// Fetches the service token once the process listens, and keeps <c>/health/ready</c> unready until that first
/// attempt ended. A restarted process's first contract call otherwise paid for it (about 0.6 s here) after the gateway
/// had already readmitted the process. A failed attempt (Identity away) does not hold readiness back: calls then fetch
/// the token themselves, as before.
/// </summary>
internal sealed partial class RemoteContractsWarmUp(
    ServiceTokenCache tokens, RemoteContractOptions options, IHostApplicationLifetime lifetime,
    ILogger<RemoteContractsWarmUp> logger) : BackgroundService, IHealthCheck
{
    private volatile bool _done;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStarted(stoppingToken);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            attempt.CancelAfter(options.AttemptTimeout);
            await tokens.GetAsync(attempt.Token);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogWarmUpFailed(logger, exception);
        }
        finally
        {
            _done = true;
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_done
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Fetching the service token for contract calls to other processes."));

    private Task WhenStarted(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        return started.Task;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not fetch the service token at start-up; contract calls will fetch it when they need it")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
