using System.Linq.Expressions;
using BuildingBlocks.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Messaging;

/// <summary>
/// The loop of a module's outbox relay and of its inbox processor: claim a batch of due rows with a lease of this
/// process instance (ADR 0009), run it while a heartbeat renews the lease, then (unless the batch was full) sleep
/// until a commit wakes it, a retry of its own falls due, or the poll interval passes (another process wrote).
/// </summary>
internal abstract class MessagingWorker<TContext, TRow>(WorkerDependencies shared, ILogger logger) : BackgroundService
    where TContext : DbContext
    where TRow : class, ILeasedRow
{
    private DateTime _nextRetryAt = DateTime.MaxValue;

    protected IServiceProvider Services { get; } = shared.Services;

    protected MessagingOptions Options { get; } = shared.Options.Value;

    protected TimeProvider Clock { get; } = shared.Clock;

    protected ILogger Logger { get; } = logger;

    private LeaseOptions Leases => shared.Leases.Value;

    protected abstract string Name { get; }

    protected virtual bool HasWork => true;

    /// <summary>The rows not done with: the relay's not handed over, the inbox processor's pending.</summary>
    protected abstract Expression<Func<TRow, bool>> Open { get; }

    /// <summary>The rows this worker takes, in the order it takes them.</summary>
    protected abstract IQueryable<TRow> Next(IQueryable<TRow> rows);

    /// <summary>Runs a claimed batch (rows not tracked: the claim's context is gone).</summary>
    protected abstract Task RunAsync(List<TRow> claimed, CancellationToken cancellationToken);

    protected virtual Task StartBatchAsync(TContext db, DateTime now, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected static string ErrorOf(Exception error) =>
        error.Message.Length > 2000 ? error.Message[..2000] : error.Message;

    protected void RetryAt(DateTime at) => _nextRetryAt = at < _nextRetryAt ? at : _nextRetryAt;

    protected IQueryable<TRow> Mine(TContext db) =>
        db.Set<TRow>().Where(Open).Where(m => m.LockToken == shared.Instance.Id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.RelayEnabled || !HasWork)
        {
            return;
        }

        // The first pass (a clean-up, and every query shape compiled) would compete with the start-up for the cores;
        // the rows wait until the server listens.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (shared.Lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        Logger.LogInformation("{Worker} claims rows as process instance {Instance}", Name, shared.Instance);
        while (!stoppingToken.IsCancellationRequested)
        {
            var done = 0;
            try
            {
                var claimed = await ClaimAsync(stoppingToken);
                if (claimed.Count > 0)
                {
                    await using (LeaseHeartbeat.Start(RenewLeasesAsync, Leases, Logger, $"the rows of {Name}"))
                    {
                        await RunAsync(claimed, stoppingToken);
                    }
                }

                done = claimed.Count;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Logger.LogError(ex, "{Worker} failed; retrying after the poll interval", Name);
            }

            if (done < Options.BatchSize)
            {
                var untilRetry = _nextRetryAt - Clock.GetUtcNow().UtcDateTime;
                _nextRetryAt = DateTime.MaxValue;
                if (untilRetry > TimeSpan.Zero)
                {
                    var wait = untilRetry < Options.PollInterval ? untilRetry : Options.PollInterval;
                    await shared.WakeUp.WaitAsync<TRow>(typeof(TContext), wait, stoppingToken);
                }
            }
        }
    }

    private async Task<List<TRow>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        await StartBatchAsync(db, now, cancellationToken);
        var due = db.Set<TRow>().Where(Open)
            .Where(m => m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now));
        // One statement claims at most a batch of rows (EF compares the entities by key), and re-checks the lease in
        // its WHERE, so only one instance wins each row. Every live lease of ours on this table is then this batch (or
        // a row an earlier batch of ours failed to finish: ours to take again).
        var batch = Next(due).Take(Options.BatchSize);
        if (await due.Where(m => batch.Any(b => b == m)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LockToken, shared.Instance.Id)
            .SetProperty(m => m.LockedUntil, now + Leases.Duration), cancellationToken) == 0)
        {
            return [];
        }

        return await Next(Mine(db).Where(m => m.LockedUntil >= now)).AsNoTracking().ToListAsync(cancellationToken);
    }

    private async Task<bool> RenewLeasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        var until = Clock.GetUtcNow().UtcDateTime + Leases.Duration;
        await Mine(scope.ServiceProvider.GetRequiredService<TContext>())
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, until), cancellationToken);
        return true;
    }
}
