using System.Diagnostics;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Messaging;

/// <summary>
/// Runs one module's handlers on its inbox, the module's queue: each row in its own transaction with its handler's
/// effect, and with its own backoff, so a failing handler delays only its own rows.
/// </summary>
internal sealed class InboxProcessor<TContext>(
    WorkerDependencies shared, EventRoutes routes, ILogger<InboxProcessor<TContext>> logger, MessagingMetrics metrics)
    : MessagingWorker<TContext, InboxMessage>(shared, logger)
    where TContext : DbContext
{
    private string Module { get; } =
        routes.Local.Values.FirstOrDefault(d => d.ContextType == typeof(TContext))?.Module ?? typeof(TContext).Name;

    protected override string Name => $"Inbox processor of {Module}";

    protected override bool HasWork => routes.EventTypesOf(Module).Any();

    protected override Expression<Func<InboxMessage, bool>> Open => m => m.Status == InboxStatus.Pending;

    protected override IQueryable<InboxMessage> Next(IQueryable<InboxMessage> rows) =>
        rows.OrderBy(m => m.NextAttemptAt);

    protected override async Task RunAsync(List<InboxMessage> claimed, CancellationToken cancellationToken)
    {
        foreach (var row in claimed)
        {
            await HandleAsync(row, cancellationToken);
        }
    }

    private async Task HandleAsync(InboxMessage row, CancellationToken cancellationToken)
    {
        using var activity = MessagingMetrics.Source.StartActivity(
            $"{Module} handles {row.Type[(row.Type.LastIndexOf('.') + 1)..]}", ActivityKind.Consumer, row.TraceParent);
        activity?.SetTag("messaging.message.id", row.EventId.ToString());
        activity?.SetTag("shop.consumer", row.Consumer);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var handler = routes.HandlersOf(Module, row.Type).FirstOrDefault(h => h.Consumer == row.Consumer)
                ?? throw new InvalidOperationException($"{Module} has no handler {row.Consumer} for {row.Type}.");
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await handler.Handle(scope.ServiceProvider, row.EventId, row.Payload, cancellationToken);

            // The row is marked handled by the same SaveChanges as the effect, as claimed: its lease token is a
            // concurrency token (MessagingModel), so the mark holds only while the row is still ours. An instance
            // that took it over (our lease lapsed), or a handled mark that won the race, makes it fail, and the effect
            // rolls back with the transaction.
            var mine = db.Attach(new InboxMessage { EventId = row.EventId, Consumer = row.Consumer });
            mine.Property(m => m.LockToken).OriginalValue = row.LockToken;
            mine.Entity.Status = InboxStatus.Handled;
            mine.Entity.HandledAt = Clock.GetUtcNow().UtcDateTime;
            mine.Property(m => m.LastError).IsModified = true;
            mine.Property(m => m.LockToken).IsModified = true;
            mine.Property(m => m.LockedUntil).IsModified = true;

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException lost) when (lost.Entries.Any(e => e.Entity == mine.Entity))
            {
                return;
            }

            await transaction.CommitAsync(cancellationToken);
            metrics.Handled(Module, row.Consumer, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            await FailAsync(row, ex, cancellationToken);
        }
    }

    private async Task FailAsync(InboxMessage row, Exception error, CancellationToken cancellationToken)
    {
        var attempts = row.Attempts + 1;
        var dead = attempts >= Options.MaxAttempts;
        var now = Clock.GetUtcNow().UtcDateTime;
        var next = now + Options.Backoff(attempts);
        Logger.LogWarning(error, "{Module}'s {Consumer} failed on event {EventId} (attempt {Attempts}, dead: {Dead})",
            Module, row.Consumer, row.EventId, attempts, dead);
        metrics.Failed(Module, row.Consumer, dead);
        await using var scope = Services.CreateAsyncScope();
        await Mine(scope.ServiceProvider.GetRequiredService<TContext>())
            .Where(m => m.EventId == row.EventId && m.Consumer == row.Consumer).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastError, ErrorOf(error))
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.Status, dead ? InboxStatus.Dead : InboxStatus.Pending)
            .SetProperty(m => m.DeadLetterId, dead ? Guid.CreateVersion7() : null)
            .SetProperty(m => m.FailedAt, dead ? now : null)
            .SetProperty(m => m.LockToken, (Guid?)null)
            .SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
        if (!dead)
        {
            RetryAt(next);
        }
    }
}
