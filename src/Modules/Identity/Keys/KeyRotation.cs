using Identity.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Identity.Keys;

/// <summary>Loads the key ring before the server takes requests, then checks the schedule periodically.</summary>
internal sealed class KeyRotation(
    KeyRing ring,
    KeyRewrapping rewrapping,
    IServiceScopeFactory scopes,
    IOptions<IdentitySettings> settings,
    TimeProvider clock,
    ILogger<KeyRotation> logger)
    : BackgroundService
{
    // BackgroundService owns the stop signal, so a stop after the host was disposed cannot throw.
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before anything reads a key: rows kept in clear, or wrapped under a replaced key-encryption key, are wrapped
        // under the current one; a key-encryption key that opens none of them stops the start here, with its name.
        await using (var scope = scopes.CreateAsyncScope())
        {
            await rewrapping.RewrapAsync(
                scope.ServiceProvider.GetRequiredService<IdentityDbContext>(), cancellationToken);
        }

        await ring.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => LoopAsync(stoppingToken);

    private async Task LoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(settings.Value.Keys.CheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await ring.RefreshAsync(stopping);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The current keys keep working; the next tick tries again.
                    logger.LogError(exception, "Key ring refresh failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
