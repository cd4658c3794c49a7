using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Idempotency;

internal sealed class IdempotencyStore(DbContext db, TimeProvider clock)
{
    private DbSet<IdempotencyRecord> Records => db.Set<IdempotencyRecord>();

    /// <summary>Takes the key for this request, or returns the record that holds it.</summary>
    public async Task<(IdempotencyRecord? Existing, bool Claimed)> ClaimAsync(
        string key, string requestHash, TimeSpan lockFor, TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await Records.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);
        if (existing is not null)
        {
            var abandoned = existing.CompletedAt is null && existing.LockedUntil < now;
            if (existing.ExpiresAt >= now && !abandoned)
            {
                return (existing, false);
            }

            // Expired, or left in flight by a crashed request: take it over only if nobody else did meanwhile.
            var taken = await Records
                .Where(r => r.Key == key
                    && r.LockedUntil == existing.LockedUntil
                    && r.CompletedAt == existing.CompletedAt)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.RequestHash, requestHash).SetProperty(r => r.CreatedAt, now)
                    .SetProperty(r => r.LockedUntil, now + lockFor).SetProperty(r => r.ExpiresAt, now + retention)
                    .SetProperty(r => r.CompletedAt, (DateTime?)null).SetProperty(r => r.ResponseBody, (string?)null)
                    .SetProperty(r => r.Location, (string?)null).SetProperty(r => r.StatusCode, 0), cancellationToken);
            return taken == 1
                ? (null, true)
                : await ClaimAsync(key, requestHash, lockFor, retention, cancellationToken);
        }

        Records.Add(new IdempotencyRecord
        {
            Key = key,
            RequestHash = requestHash,
            CreatedAt = now,
            LockedUntil = now + lockFor,
            ExpiresAt = now + retention,
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
            var winner = await Records.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);
            return winner is null
                ? await ClaimAsync(key, requestHash, lockFor, retention, cancellationToken)
                : (winner, false);
        }
    }

    public Task CompleteAsync(
        string key,
        int status,
        string? body,
        string? location,
        CancellationToken cancellationToken) =>
        Records.Where(r => r.Key == key).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.CompletedAt, clock.GetUtcNow().UtcDateTime)
            .SetProperty(r => r.StatusCode, status)
            .SetProperty(r => r.ResponseBody, body)
            .SetProperty(r => r.Location, location), cancellationToken);

    public Task ReleaseAsync(string key, CancellationToken cancellationToken) =>
        Records.Where(r => r.Key == key).ExecuteDeleteAsync(cancellationToken);
}
