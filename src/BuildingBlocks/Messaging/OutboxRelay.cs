using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Messaging;

/// <summary>Hands one module's outbox over to where <see cref="EventRoutes"/> says, and only that: it runs no handler,
/// so no subscriber can hold it up.</summary>
internal sealed class OutboxRelay<TContext>(
    WorkerDependencies shared,
    EventRoutes routes,
    InboxWriter inboxes,
    ILogger<OutboxRelay<TContext>> logger,
    IEnumerable<RabbitMq.IEventBroker> brokers,
    MessagingMetrics metrics)
    : MessagingWorker<TContext, OutboxMessage>(shared, logger)
    where TContext : DbContext
{
    // Set when Messaging:RabbitMq is configured: events for subscriber modules in other processes.
    private readonly RabbitMq.IEventBroker? _broker = brokers.FirstOrDefault();

    // A list, not the set: the query below sends it to the database as a parameter.
    private readonly string[] _held = [.. routes.RemotelySubscribedTypes];
    private DateTime _nextCleanupAt = DateTime.MinValue;

    protected override string Name => $"Outbox relay of {typeof(TContext).Name}";

    protected override Expression<Func<OutboxMessage, bool>> Open => m => m.ProcessedAt == null;

    // While the broker is known to be down, the rows it must carry wait untouched (no attempt spent, no backoff
    // growing), so the whole backlog goes as soon as it is back.
    protected override IQueryable<OutboxMessage> Next(IQueryable<OutboxMessage> rows) =>
        (_broker is { IsReachable: false } && _held.Length > 0 ? rows.Where(m => !_held.Contains(m.Type)) : rows)
            .OrderBy(m => m.Id);

    protected override async Task RunAsync(List<OutboxMessage> claimed, CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        db.AttachRange(claimed);
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

            if (_broker is not null && claimed.Where(m => routes.RemotelySubscribedTypes.Contains(m.Type)).ToList() is
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
                message.NextAttemptAt = Clock.GetUtcNow().UtcDateTime + Options.Backoff(message.Attempts);
                message.LastError = ErrorOf(ex);
                RetryAt(message.NextAttemptAt);
            }

            Logger.LogWarning(ex, "Hand-over of {Count} events of {Context} failed; they are tried again with backoff",
                claimed.Count, typeof(TContext).Name);
        }

        claimed.ForEach(m => (m.LockToken, m.LockedUntil) = (null, null));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Drops what is kept only for a while: handed-over events, handled inbox rows and expired idempotency
    /// records. Dead letters stay until an operator replays or discards them.</summary>
    protected override async Task StartBatchAsync(TContext db, DateTime now, CancellationToken cancellationToken)
    {
        if (now < _nextCleanupAt)
        {
            return;
        }

        _nextCleanupAt = now + TimeSpan.FromMinutes(10);
        var before = now - Options.ProcessedRetention;
        await db.Set<OutboxMessage>().Where(m => m.ProcessedAt != null && m.ProcessedAt < before)
            .ExecuteDeleteAsync(cancellationToken);
        await db.Set<InboxMessage>().Where(m => m.Status == InboxStatus.Handled && m.HandledAt < before)
            .ExecuteDeleteAsync(cancellationToken);
        await Idempotency.IdempotencyStore.DeleteExpiredAsync(db, now, cancellationToken);
    }
}
