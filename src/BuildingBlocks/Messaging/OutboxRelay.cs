using BuildingBlocks.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Messaging;

/// <summary>
/// Hands one module's outbox over, and only that: into the inbox of each subscriber module that runs in this process,
/// and to the broker when one runs elsewhere. It runs no handler, so no subscriber can hold it up. Rows are claimed
/// with a lease in this process instance's name (<see cref="LeaseOptions"/>), renewed while the hand-over runs:
/// several instances never hand over the same row at once, and a dead instance's rows are taken over once the lease
/// lapses.
/// </summary>
internal sealed partial class OutboxRelay<TContext>(
    IServiceProvider services,
    EventRoutes routes,
    OutboxWakeUp wakeUp,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TContext>> logger,
    IEnumerable<RabbitMq.IEventBroker> brokers,
    IHostApplicationLifetime lifetime,
    ProcessInstance instance,
    IOptions<LeaseOptions> leases,
    MessagingMetrics metrics) : BackgroundService
    where TContext : DbContext
{
    private readonly MessagingOptions _options = options.Value;
    private readonly LeaseOptions _leases = leases.Value;

    // Set when Messaging:RabbitMq is configured: events for subscriber modules in other processes.
    private readonly RabbitMq.IEventBroker? _broker = brokers.FirstOrDefault();
    private DateTime _nextRetryAt = DateTime.MaxValue;
    private DateTime _nextCleanupAt = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RelayEnabled)
        {
            return;
        }

        // The first pass (a clean-up, and every query shape compiled) would compete with the start-up for the cores;
        // the rows wait until the server listens.
        await lifetime.WhenStartedAsync(stoppingToken);
        LogInstance(logger, typeof(TContext).Name, instance.ToString());

        while (!stoppingToken.IsCancellationRequested)
        {
            var relayed = 0;
            try
            {
                relayed = await RelayBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRelayFailed(logger, ex, typeof(TContext).Name);
            }

            if (relayed < _options.BatchSize)
            {
                // Sleep until woken by a commit, a retry of ours falls due, or the fallback poll.
                var untilRetry = _nextRetryAt - clock.GetUtcNow().UtcDateTime;
                var wait = untilRetry < _options.PollInterval ? untilRetry : _options.PollInterval;
                _nextRetryAt = DateTime.MaxValue;
                if (wait > TimeSpan.Zero)
                {
                    await wakeUp.WaitAsync(typeof(TContext), wait, stoppingToken);
                }
            }
        }
    }

    internal async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var outbox = db.Set<OutboxMessage>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (now >= _nextCleanupAt)
        {
            await CleanUpAsync(db, now, cancellationToken);
        }

        // While the broker is known to be down, the rows it must carry wait untouched (no attempt spent, no backoff
        // growing), so the whole backlog goes as soon as it is back.
        var due = outbox.AsNoTracking()
            .Where(m => m.ProcessedAt == null && m.NextAttemptAt <= now
                && (m.LockedUntil == null || m.LockedUntil < now));
        if (_broker is { IsReachable: false } && _broker.PublishedTypes.ToArray() is { Length: > 0 } held)
        {
            due = due.Where(m => !held.Contains(m.Type));
        }

        var candidates = await due.OrderBy(m => m.Id).Select(m => m.Id).Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        // The claim re-checks the lease in its WHERE, so only one instance wins each row; the row names its owner.
        var owner = instance.Id;
        var claimedAt = clock.GetUtcNow().UtcDateTime;
        await outbox
            .Where(m => candidates.Contains(m.Id) && m.ProcessedAt == null
                && (m.LockedUntil == null || m.LockedUntil < claimedAt))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LockToken, owner)
                .SetProperty(m => m.LockedUntil, claimedAt + _leases.Duration), cancellationToken);
        // One relay per module and process: every live lease of ours on this table is this batch (or a row an
        // earlier batch of ours failed to mark, which is ours to hand over again).
        var claimed = await outbox
            .Where(m => m.LockToken == owner && m.ProcessedAt == null && m.LockedUntil >= claimedAt)
            .OrderBy(m => m.Id).ToListAsync(cancellationToken);

        // Renewed until the marks below commit: a hand-over slower than the lease keeps its rows.
        await using (LeaseHeartbeat.Start(RenewLeasesAsync, _leases, logger, $"{typeof(TContext).Name}'s outbox rows"))
        {
            await HandOverAsync(claimed, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return candidates.Count;
    }

    private async Task HandOverAsync(List<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        try
        {
            var events = claimed.Select(m => new HandedOverEvent(m.Id, m.Type, m.Payload, m.TraceParent)).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var (module, database) in routes.Local)
            {
                var theirs = events.Where(e => routes.HandlersOf(module, e.Type).Any()).ToList();
                if (theirs.Count > 0)
                {
                    await using var scope = services.CreateAsyncScope();
                    await InboxWriter.WriteAsync(
                        database.Resolve(scope.ServiceProvider), routes, module, theirs, now, cancellationToken);
                    wakeUp.Notify(InboxProcessor.WakeUpKey(database.ContextType));
                }
            }

            if (_broker is not null && claimed.Where(m => routes.HasRemoteSubscriber(m.Type)).ToList() is
                { Count: > 0 } remote)
            {
                // Returns once the broker confirmed them all; a failure keeps the rows (the inboxes dedupe a retry).
                await _broker.PublishAsync(remote, cancellationToken);
            }

            foreach (var message in claimed)
            {
                message.ProcessedAt = clock.GetUtcNow().UtcDateTime;
                message.LastError = null;
            }

            metrics.HandedOver(typeof(TContext).Name, claimed.Count);
        }
        catch (RabbitMq.BrokerUnavailableException ex)
        {
            // Not the events' fault: no attempt counted, no backoff; the rows wait for the broker (see
            // RelayBatchAsync).
            claimed.ForEach(m => m.LastError = ex.Message);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            foreach (var message in claimed)
            {
                message.Attempts++;
                message.NextAttemptAt = clock.GetUtcNow().UtcDateTime + _options.Backoff(message.Attempts);
                _nextRetryAt = message.NextAttemptAt < _nextRetryAt ? message.NextAttemptAt : _nextRetryAt;
                message.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            }

            LogHandOverFailed(logger, ex, typeof(TContext).Name, claimed.Count);
        }

        foreach (var message in claimed)
        {
            message.LockToken = null;
            message.LockedUntil = null;
        }
    }

    private async Task<bool> RenewLeasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var until = clock.GetUtcNow().UtcDateTime + _leases.Duration;
        await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>()
            .Where(m => m.LockToken == instance.Id && m.ProcessedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, until), cancellationToken);
        return true;
    }

    /// <summary>Drops what is kept only for a while: handed-over events, handled inbox rows and expired idempotency
    /// records. Dead letters stay until an operator replays or discards them.</summary>
    private async Task CleanUpAsync(TContext db, DateTime now, CancellationToken cancellationToken)
    {
        _nextCleanupAt = now + TimeSpan.FromMinutes(10);
        var before = now - _options.ProcessedRetention;
        await db.Set<OutboxMessage>().Where(m => m.ProcessedAt != null && m.ProcessedAt < before)
            .ExecuteDeleteAsync(cancellationToken);
        await db.Set<InboxMessage>().Where(m => m.Status == InboxStatus.Handled && m.HandledAt < before)
            .ExecuteDeleteAsync(cancellationToken);
        await db.Set<Idempotency.IdempotencyRecord>().Where(r => r.ExpiresAt < now)
            .ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Outbox relay of {Context} claims rows as process instance {Instance}")]
    private static partial void LogInstance(ILogger logger, string context, string instance);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Outbox relay of {Context} failed; retrying after the poll interval")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, string context);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Hand-over of {Count} events of {Context} failed; they are tried again with backoff")]
    private static partial void LogHandOverFailed(ILogger logger, Exception exception, string context, int count);
}
