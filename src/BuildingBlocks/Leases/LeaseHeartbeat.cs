using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Leases;

/// <summary>
/// Renews a lease every <see cref="LeaseOptions.HeartbeatInterval"/> until disposed, so that work running longer than
/// the lease is never taken over while its owner lives. A failed renewal is logged and tried again at the next beat:
/// the lease lapses only if renewals keep failing for a whole <see cref="LeaseOptions.Duration"/>.
/// </summary>
internal sealed partial class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _beating;

    private LeaseHeartbeat(Func<CancellationToken, Task<bool>> renew, TimeSpan interval, ILogger logger, string what)
    {
        _timer = new PeriodicTimer(interval);
        _beating = BeatAsync(renew, logger, what);
    }

    /// <summary>
    /// Starts renewing; <paramref name="renew"/> answers false when the lease is no longer ours (then it stops).
    /// </summary>
    public static LeaseHeartbeat Start(
        Func<CancellationToken, Task<bool>> renew, LeaseOptions options, ILogger logger, string what) =>
        new(renew, options.HeartbeatInterval, logger, what);

    // The wait is ended by disposing the timer (it then answers false), not by a token: a cancelled wait throws, and
    // builds the exception's stack trace, at the end of every request and event batch that held a lease (about 3% of
    // an order's CPU in a perf profile).
    private async Task BeatAsync(Func<CancellationToken, Task<bool>> renew, ILogger logger, string what)
    {
        while (await _timer.WaitForNextTickAsync())
        {
            try
            {
                if (!await renew(_stop.Token))
                {
                    LogLost(logger, what);
                    return;
                }
            }
            catch (Exception ex)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                LogRenewFailed(logger, ex, what);
            }
        }
    }

    /// <summary>Stops renewing: a renewal under way is cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _stop.CancelAsync();
        await _beating;
        _stop.Dispose();
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Renewing the lease of {What} failed; trying again at the next heartbeat")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "The lease of {What} was lost (it lapsed and another instance took it over)")]
    private static partial void LogLost(ILogger logger, string what);
}
