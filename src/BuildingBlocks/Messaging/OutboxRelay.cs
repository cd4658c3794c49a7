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
/// with a lease of this process instance (ADR 0009), renewed while the hand-over runs.
/// </summary>
internal sealed partial class OutboxRelay<TContext>(
    IServiceProvider services,
    EventRoutes routes,
    InboxWriter inboxes,
    OutboxWakeUp wakeUp,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TContext>> logger,
    IEnumerable<RabbitMq.IEventBroker> brokers,
    IHostApplicationLifetime lifetime,
    ProcessInstance instance,
    IOptions<LeaseOptions> leases,
    MessagingMetrics metrics) : MessagingWorker(wakeUp, options.Value, clock, logger, lifetime, instance)
    where TContext : DbContext
{
    private readonly MessagingOptions _options = options.Value;
    private readonly LeaseOptions _leases = leases.Value;

    // Set when Messaging:RabbitMq is configured: events for subscriber modules in other processes.
    private readonly RabbitMq.IEventBroker? _broker = brokers.FirstOrDefault();
    private DateTime _nextCleanupAt = DateTime.MinValue;

    protected override string Name => $"Outbox relay of {typeof(TContext).Name}";

    protected override object WakeUpKey => typeof(TContext);

    protected override async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var outbox = db.Set<OutboxMessage>();
        var now = Clock.GetUtcNow().UtcDateTime;
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

        // The claim re-checks the lease in its WHERE, so only one instance wins each row. Every live lease of ours on
        // this table is then this batch (or a row an earlier batch of ours failed to mark: ours to hand over again).
        var claimedAt = Clock.GetUtcNow().UtcDateTime;
        await outbox
            .Where(m => candidates.Contains(m.Id) && m.ProcessedAt == null
                && (m.LockedUntil == null || m.LockedUntil < claimedAt))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.LockToken, Owner)
                .SetProperty(m => m.LockedUntil, claimedAt + _leases.Duration), cancellationToken);
        var claimed = await outbox
            .Where(m => m.LockToken == Owner && m.ProcessedAt == null && m.LockedUntil >= claimedAt)
            .OrderBy(m => m.Id).ToListAsync(cancellationToken);

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
            foreach (var module in routes.Local.Keys)
            {
                if (events.Where(e => routes.HandlersOf(module, e.Type).Any()).ToList() is { Count: > 0 } theirs)
                {
                    await inboxes.WriteAsync(module, theirs, cancellationToken);
                }
            }

            if (_broker is not null && claimed.Where(m => routes.HasRemoteSubscriber(m.Type)).ToList() is
                { Count: > 0 } remote)
            {
                // A failure keeps the rows: the inboxes dedupe a retry.
                await _broker.PublishAsync(remote, cancellationToken);
            }

            claimed.ForEach(m => (m.ProcessedAt, m.LastError) = (Clock.GetUtcNow().UtcDateTime, null));
            metrics.HandedOver(typeof(TContext).Name, claimed.Count);
        }
        catch (RabbitMq.BrokerUnavailableException ex)
        {
            // Not the events' fault: no attempt counted, no backoff; the rows wait for the broker.
            claimed.ForEach(m => m.LastError = ex.Message);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            foreach (var message in claimed)
            {
                message.Attempts++;
                message.NextAttemptAt = Clock.GetUtcNow().UtcDateTime + _options.Backoff(message.Attempts);
                message.LastError = ErrorOf(ex);
                RetryAt(message.NextAttemptAt);
            }

            LogHandOverFailed(logger, ex, typeof(TContext).Name, claimed.Count);
        }

        claimed.ForEach(m => (m.LockToken, m.LockedUntil) = (null, null));
    }

    private async Task<bool> RenewLeasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var until = Clock.GetUtcNow().UtcDateTime + _leases.Duration;
        await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>()
            .Where(m => m.LockToken == Owner && m.ProcessedAt == null)
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

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Hand-over of {Count} events of {Context} failed; they are tried again with backoff")]
    private static partial void LogHandOverFailed(ILogger logger, Exception exception, string context, int count);
}
