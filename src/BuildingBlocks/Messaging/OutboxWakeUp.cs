using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BuildingBlocks.Messaging;

/// <summary>
/// Wakes a module's relay as soon as a transaction that wrote to its outbox commits, and its inbox processor when an
/// inbox row is handed over, so events flow without waiting for the polling fallback.
/// </summary>
public sealed class OutboxWakeUp : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // A count, not a flag: two wake-ups racing may both add one; the waiter takes them all. (A timed-out wait answers
    // false; a cancelled channel read threw, and built a stack trace, at every poll of an idle worker.)
    private readonly ConcurrentDictionary<(Type Row, Type Context), SemaphoreSlim> _signals = new();

    // The unit of work that added outbox rows to a pooled context: its transaction's id, Guid.Empty for a save outside
    // a transaction (the save is the commit). One that rolled back or failed never commits that id, and the next save
    // outside a transaction forgets it: it never wakes the relay for the context's next user.
    private readonly ConditionalWeakTable<DbContext, StrongBox<Guid?>> _pending = new();

    internal async Task WaitAsync<TRow>(Type context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Signal(typeof(TRow), context);
        if (await signal.WaitAsync(timeout, cancellationToken))
        {
            while (signal.Wait(0, CancellationToken.None))
            {
            }
        }
    }

    internal void Notify<TRow>(Type context)
    {
        var signal = Signal(typeof(TRow), context);
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    private SemaphoreSlim Signal(Type row, Type context) =>
        _signals.GetOrAdd((row, context), _ => new SemaphoreSlim(0));

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            var unit = context.Database.CurrentTransaction?.TransactionId ?? Guid.Empty;
            if (context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
            {
                _pending.GetOrCreateValue(context).Value = unit;
            }
            else if (unit == Guid.Empty && _pending.TryGetValue(context, out var pending))
            {
                pending.Value = null;
            }
        }

        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        new(SavingChanges(eventData, result));

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Committed(eventData.Context, Guid.Empty);
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        new(SavedChanges(eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Committed(eventData.Context, eventData.TransactionId);

    public Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context, eventData.TransactionId);
        return Task.CompletedTask;
    }

    private void Committed(DbContext? context, Guid unit)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending) && pending.Value == unit)
        {
            pending.Value = null;
            Notify<OutboxMessage>(context.GetType());
        }
    }
}
