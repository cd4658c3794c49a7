using System.Collections.Concurrent;

namespace BuildingBlocks.Auth.Revocation;

/// <summary>
/// The authorizations (OpenIddict's <c>oi_au_id</c>) whose access tokens this process refuses, each until every token
/// it could have issued has expired. Kept by every process from the <see cref="RevocationFeed"/>; checked on each
/// authenticated request, cached tokens included, so it is a plain dictionary lookup.
/// </summary>
public sealed class RevokedAuthorizations(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTime> _until = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastRead;

    /// <summary>When the whole list was last read from Identity (null: never since the process started).</summary>
    public DateTimeOffset? LastRead
    {
        get
        {
            lock (_until)
            {
                return _lastRead;
            }
        }
    }

    public int Count => _until.Count;

    public bool IsRevoked(string authorizationId) =>
        _until.TryGetValue(authorizationId, out var until) && clock.GetUtcNow().UtcDateTime < until;

    /// <summary>Adds (or extends) an entry; a revocation seen again never shortens one.</summary>
    public void Add(string authorizationId, DateTime until) =>
        _until.AddOrUpdate(authorizationId, until, (_, known) => known > until ? known : until);

    /// <summary>Takes in a whole read of the list and forgets the entries that expired.</summary>
    public void Merge(IEnumerable<RevokedAuthorization> revocations)
    {
        foreach (var revocation in revocations)
        {
            Add(revocation.AuthorizationId, revocation.ExpiresAt);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (id, until) in _until)
        {
            if (until <= now)
            {
                _until.TryRemove(new KeyValuePair<string, DateTime>(id, until));
            }
        }

        lock (_until)
        {
            _lastRead = clock.GetUtcNow();
        }
    }
}
