using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Identity.Keys;

/// <summary>Loads the key ring before the server takes requests, then checks the schedule periodically.</summary>
internal sealed class KeyRotation(
    KeyRing ring,
    IOptions<IdentitySettings> settings,
    TimeProvider clock,
    ILogger<KeyRotation> logger)
    : BackgroundService
{
    // BackgroundService owns the stop signal, so a stop after the host was disposed cannot throw.
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
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
