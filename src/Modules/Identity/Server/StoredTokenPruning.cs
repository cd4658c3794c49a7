using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Identity.Server;

/// <summary>
/// Every token and authorization is stored (that is what makes refresh tokens one-time and revocation
/// work); this deletes the ones that expired or were revoked long enough ago to be of no further use.
/// </summary>
internal sealed class StoredTokenPruning(
    IServiceScopeFactory scopes,
    IOptions<IdentitySettings> settings,
    TimeProvider clock,
    ILogger<StoredTokenPruning> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var threshold = clock.GetUtcNow() - settings.Value.RefreshTokenLifetime;
                    await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>()
                        .PruneAsync(threshold, stoppingToken);
                    await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>()
                        .PruneAsync(threshold, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Pruning of stored tokens failed; the next run tries again");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
