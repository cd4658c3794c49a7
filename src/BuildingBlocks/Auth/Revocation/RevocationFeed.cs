using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Auth.Revocation;

/// <summary>
/// Reads the whole list of revocations in force every <see cref="RevocationOptions.PollInterval"/>, from the start of
/// the process: a process started after a revocation, or cut off from Identity for a while, catches up with its first
/// read. The list holds only the last access-token lifetime's revocations, so a whole read stays small.
/// </summary>
internal sealed class RevocationFeed(
    IRevocationSource source,
    RevokedAuthorizations revoked,
    IOptions<RevocationOptions> options,
    TimeProvider clock,
    ILogger<RevocationFeed> logger) : BackgroundService
{
    private static readonly TimeSpan WarnEvery = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastWarning = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                revoked.Merge(await source.ReadAsync(stoppingToken));
                lastWarning = DateTimeOffset.MinValue;
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                if (clock.GetUtcNow() - lastWarning >= WarnEvery)
                {
                    lastWarning = clock.GetUtcNow();
                    logger.LogWarning(failure,
                        "The revoked authorizations could not be read; tokens revoked since the last read are " +
                        "still accepted here until a read succeeds (retrying every {Interval})",
                        options.Value.PollInterval);
                }
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>
/// Degraded (not unready) while the list cannot be read: a process cut off from Identity still serves, and says so.
/// When the last read is missing or older than <see cref="Stale"/>, the check reads once itself, so that a process is
/// not reported degraded merely because the feed's first read has not run yet.
/// </summary>
internal sealed class RevocationFeedHealthCheck(
    RevokedAuthorizations revoked, IRevocationSource source, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (revoked.LastRead is not { } last || clock.GetUtcNow() - last > Stale)
        {
            try
            {
                revoked.Merge(await source.ReadAsync(cancellationToken));
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Degraded("The revoked authorizations could not be read.", failure);
            }
        }

        return HealthCheckResult.Healthy($"{revoked.Count} revoked authorizations in force");
    }
}
