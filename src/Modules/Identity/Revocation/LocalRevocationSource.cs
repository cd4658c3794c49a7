using BuildingBlocks.Auth.Revocation;
using Identity.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Revocation;

/// <summary>
/// The revocations in force, read from Identity's own database: the source of a process that runs Identity (every
/// instance of it on the shared database sees the others' revocations), and of <see cref="RevocationsEndpoint"/>.
/// </summary>
internal sealed class LocalRevocationSource(IServiceScopeFactory scopes, TimeProvider clock) : IRevocationSource
{
    public async Task<IReadOnlyList<RevokedAuthorization>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;

        // Expired rows are deleted here, by whoever reads: a delete of nothing costs an index probe.
        await db.Set<RevokedAuthorizationRecord>().Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var rows = await db.Set<RevokedAuthorizationRecord>().AsNoTracking()
            .Where(r => r.ExpiresAt > now)
            .Select(r => new { r.AuthorizationId, r.ExpiresAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.AuthorizationId)
            .Select(g => new RevokedAuthorization(g.Key, g.Max(r => r.ExpiresAt)))
            .ToList();
    }
}
