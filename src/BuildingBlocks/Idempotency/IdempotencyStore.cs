using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Idempotency;

internal static class IdempotencyStore
{
    private const string OwnerPrefix = "in-flight:";

    /// <summary>A claim's owner: this process instance and one request of it.</summary>
    public static string OwnerOf(Leases.ProcessInstance instance) => $"{OwnerPrefix}{instance.Id:N}/{Guid.NewGuid():N}";

    /// <summary>Run by each module's outbox relay in its periodic clean-up.</summary>
    public static Task<int> DeleteExpiredAsync(DbContext db, DateTime now, CancellationToken cancellationToken) =>
        db.Set<IdempotencyRecord>().Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>
/// The records behind <c>Idempotency-Key</c>, in <typeparamref name="TContext"/>'s database. A claim names its owner
/// (<see cref="IdempotencyStore.OwnerOf"/>: the process instance and the request) in
/// <see cref="IdempotencyRecord.Location"/> while it is in flight, and only that owner renews, completes or releases
/// it; the column holds the answer's location once completed.
/// </summary>
/// <remarks>Every idempotent request reads its key: a compiled query, one per module's context (a compiled query belongs
/// to one model), so no request builds and looks up its expression tree again (docs/benchmarks.md, "Compiled queries on
/// the write paths"). EF Core 10 cannot compile an <c>ExecuteUpdate</c> (dotnet/efcore#36741).</remarks>
internal sealed class IdempotencyStore<TContext>(TContext db, TimeProvider clock)
    where TContext : DbContext
{
    private static readonly Func<TContext, string, CancellationToken, Task<IdempotencyRecord?>> ByKey =
        EF.CompileAsyncQuery((TContext context, string key, CancellationToken _) =>
            context.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefault(r => r.Key == key));

    private DbSet<IdempotencyRecord> Records => db.Set<IdempotencyRecord>();

    /// <summary>Takes the key for this request, or returns the record that holds it.</summary>
    public async Task<(IdempotencyRecord? Existing, bool Claimed)> ClaimAsync(
        string key, string requestHash, string owner, TimeSpan lockFor, TimeSpan retention,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await ByKey(db, key, cancellationToken);
        if (existing is not null)
        {
            var abandoned = existing.CompletedAt is null && existing.LockedUntil < now;
            if (existing.ExpiresAt >= now && !abandoned)
            {
                return (existing, false);
            }

            // Expired, or left in flight by a crashed request: take it over only if nobody else did meanwhile.
            var taken = await Records
                .Where(r => r.Key == key && r.LockedUntil == existing.LockedUntil
                    && r.CompletedAt == existing.CompletedAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.RequestHash, requestHash).SetProperty(r => r.CreatedAt, now)
                    .SetProperty(r => r.LockedUntil, now + lockFor).SetProperty(r => r.ExpiresAt, now + retention)
                    .SetProperty(r => r.CompletedAt, (DateTime?)null).SetProperty(r => r.ResponseBody, (string?)null)
                    .SetProperty(r => r.Location, owner).SetProperty(r => r.StatusCode, 0), cancellationToken);
            return taken == 1
                ? (null, true)
                : await ClaimAsync(key, requestHash, owner, lockFor, retention, cancellationToken);
        }

        Records.Add(new IdempotencyRecord
        {
            Key = key, RequestHash = requestHash, CreatedAt = now, LockedUntil = now + lockFor,
            ExpiresAt = now + retention,
            Location = owner,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (null, true);
        }
        catch (DbUpdateException)
        {
            // A concurrent request with the same key inserted first.
            db.ChangeTracker.Clear();
            var winner = await ByKey(db, key, cancellationToken);
            return winner is null
                ? await ClaimAsync(key, requestHash, owner, lockFor, retention, cancellationToken)
                : (winner, false);
        }
    }

    /// <summary>
    /// Extends the owner's claim; false when the claim is no longer its own (it lapsed and was taken over).
    /// </summary>
    public async Task<bool> RenewAsync(
        string key, string owner, TimeSpan lockFor, CancellationToken cancellationToken) =>
        await Owned(key, owner).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.LockedUntil, clock.GetUtcNow().UtcDateTime + lockFor), cancellationToken) == 1;

    public Task CompleteAsync(
        string key, string owner, int status, string? body, string? location, CancellationToken cancellationToken) =>
        Owned(key, owner).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.CompletedAt, clock.GetUtcNow().UtcDateTime)
            .SetProperty(r => r.StatusCode, status)
            .SetProperty(r => r.ResponseBody, body)
            .SetProperty(r => r.Location, location), cancellationToken);

    public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken) =>
        Owned(key, owner).ExecuteDeleteAsync(cancellationToken);

    private IQueryable<IdempotencyRecord> Owned(string key, string owner) =>
        Records.Where(r => r.Key == key && r.CompletedAt == null && r.Location == owner);
}
