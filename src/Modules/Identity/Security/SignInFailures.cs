using System.Collections.Concurrent;

namespace Identity.Security;

/// <summary>
/// Failed sign-ins counted per account <em>and</em> source address (M2): five failures from one address lock the
/// account for that address only, for five minutes, so that someone elsewhere cannot lock its owner out of the form.
/// Kept in memory: each instance counts its own (a guesser spread over N instances gets N x 5 tries per window,
/// still bounded by the per-address rate limit on the form).
/// </summary>
internal sealed class SignInFailures(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<(Guid User, string Source), Entry> _entries = new();

    public bool IsLockedOut(Guid user, string source) =>
        _entries.TryGetValue((user, source), out var entry) && entry.LockedUntil > clock.GetUtcNow();

    public void Fail(Guid user, string source)
    {
        var now = clock.GetUtcNow();
        if (_entries.Count > PruneAbove)
        {
            foreach (var (key, stale) in _entries)
            {
                if (stale.LockedUntil <= now && now - stale.LastFailure > LockoutDuration)
                {
                    _entries.TryRemove(new KeyValuePair<(Guid, string), Entry>(key, stale));
                }
            }
        }

        _entries.AddOrUpdate((user, source),
            _ => new Entry(1, now, DateTimeOffset.MinValue),
            (_, entry) =>
            {
                // A lockout lasts its five minutes whatever fails meanwhile: requests sent at once all pass the
                // lockout check before their password, and their failures after the fifth used to lift it.
                if (entry.LockedUntil > now)
                {
                    return entry with { Failures = entry.Failures + 1, LastFailure = now };
                }

                // Failures older than the lockout window are forgotten; a lockout that ended starts a new count.
                var count = now - entry.LastFailure > LockoutDuration || entry.LockedUntil != DateTimeOffset.MinValue
                    ? 1
                    : entry.Failures + 1;
                return count >= MaxFailures
                    ? new Entry(count, now, now + LockoutDuration)
                    : new Entry(count, now, DateTimeOffset.MinValue);
            });
    }

    public void Succeeded(Guid user, string source) => _entries.TryRemove((user, source), out _);

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset LockedUntil);
}
