using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BuildingBlocks.Messaging;

/// <summary>
/// Wakes a module's relay as soon as a transaction that wrote to its outbox commits, and its inbox processor when an
/// inbox row is handed over, so events flow without waiting for the polling fallback.
/// </summary>
public sealed class OutboxWakeUp : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentDictionary<object, Channel<bool>> _signals = new();
    private readonly ConditionalWeakTable<DbContext, StrongBox<bool>> _pending = new();

    /// <summary>The key of the inbox processor of the module whose DbContext is <paramref name="contextType"/> (a
    /// relay's key is the type itself).</summary>
    internal static object InboxKey(Type contextType) => (typeof(InboxMessage), contextType);

    public async Task WaitAsync(object key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await Signal(key).Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: the caller polls.
        }
    }

    public void Notify(object key) => Signal(key).Writer.TryWrite(true);

    private Channel<bool> Signal(object key) => _signals.GetOrAdd(key, _ =>
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }));

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context?.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added) == true)
        {
            _pending.GetOrCreateValue(eventData.Context).Value = true;
        }

        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        new(SavingChanges(eventData, result));

    // Outside a transaction the save is the commit, and a failed save its rollback.
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndSave(eventData, committed: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        new(SavedChanges(eventData, result));

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => EndSave(eventData, committed: false);

    public override Task SaveChangesFailedAsync(
        DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndSave(eventData, committed: false);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        End(eventData.Context, committed: true);

    public Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData.Context, committed: true);
        return Task.CompletedTask;
    }

    // Contexts are pooled: what a rolled-back or failed unit of work left pending must not wake the relay for the
    // context's next user (a spurious wake-up only costs one empty query, but it hides nothing either).
    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        End(eventData.Context, committed: false);

    public Task TransactionRolledBackAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData.Context, committed: false);
        return Task.CompletedTask;
    }

    private void EndSave(DbContextEventData eventData, bool committed)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            End(eventData.Context, committed);
        }
    }

    /// <summary>Ends the context's unit of work, waking the relay when it committed events.</summary>
    private void End(DbContext? context, bool committed)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending) || !pending.Value)
        {
            return;
        }

        pending.Value = false;
        if (committed)
        {
            Notify(context.GetType());
        }
    }
}
