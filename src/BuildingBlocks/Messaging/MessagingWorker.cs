using BuildingBlocks.Leases;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Messaging;

/// <summary>
/// The loop of a module's outbox relay and of its inbox processor: a batch, then (unless it was full) sleep until a
/// commit wakes it, a retry of its own falls due, or the poll interval passes (another process wrote).
/// </summary>
internal abstract partial class MessagingWorker(
    OutboxWakeUp wakeUp,
    MessagingOptions options,
    TimeProvider clock,
    ILogger logger,
    IHostApplicationLifetime lifetime,
    ProcessInstance instance) : BackgroundService
{
    private DateTime _nextRetryAt = DateTime.MaxValue;

    protected TimeProvider Clock { get; } = clock;

    /// <summary>This process instance's id: the lease owner of the rows it claims.</summary>
    protected Guid Owner { get; } = instance.Id;

    protected abstract string Name { get; }

    protected abstract object WakeUpKey { get; }

    protected virtual bool HasWork => true;

    protected abstract Task<int> RunBatchAsync(CancellationToken cancellationToken);

    protected static string ErrorOf(Exception error) =>
        error.Message.Length > 2000 ? error.Message[..2000] : error.Message;

    protected void RetryAt(DateTime at) => _nextRetryAt = at < _nextRetryAt ? at : _nextRetryAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RelayEnabled || !HasWork)
        {
            return;
        }

        // The first pass (a clean-up, and every query shape compiled) would compete with the start-up for the cores;
        // the rows wait until the server listens.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        LogInstance(logger, Name, instance.ToString());
        while (!stoppingToken.IsCancellationRequested)
        {
            var done = 0;
            try
            {
                done = await RunBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex, Name);
            }

            if (done < options.BatchSize)
            {
                var untilRetry = _nextRetryAt - Clock.GetUtcNow().UtcDateTime;
                _nextRetryAt = DateTime.MaxValue;
                if (untilRetry > TimeSpan.Zero)
                {
                    var wait = untilRetry < options.PollInterval ? untilRetry : options.PollInterval;
                    await wakeUp.WaitAsync(WakeUpKey, wait, stoppingToken);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker} claims rows as process instance {Instance}")]
    private static partial void LogInstance(ILogger logger, string worker, string instance);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker} failed; retrying after the poll interval")]
    private static partial void LogFailed(ILogger logger, Exception exception, string worker);
}
