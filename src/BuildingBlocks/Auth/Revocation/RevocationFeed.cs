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

/// <summary>Degraded (not unready) until the list was read once: a process that cannot reach Identity still serves,
/// and says so.</summary>
internal sealed class RevocationFeedHealthCheck(RevokedAuthorizations revoked) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(revoked.Synced
            ? HealthCheckResult.Healthy($"{revoked.Count} revoked authorizations in force")
            : HealthCheckResult.Degraded("The revoked authorizations have not been read yet."));
}
