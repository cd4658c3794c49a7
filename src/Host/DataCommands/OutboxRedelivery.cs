using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Host.DataCommands;

/// <summary>
/// Each module's snapshot is taken at its own moment, so an event may be relayed in its publisher's snapshot while its
/// effect is missing from the subscriber's. On restore every event relayed since the backup began (less a margin for
/// clocks of other processes) is handed over again; the subscribers' inboxes drop what they already applied.
/// </summary>
internal static class OutboxRedelivery
{
    public static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(5);

    public static async Task<int> MarkPendingAsync(
        DbContext context,
        DateTime backupStartedAt,
        CancellationToken cancellationToken)
    {
        var since = backupStartedAt - ClockMargin;
        var now = DateTime.UtcNow;
        var outbox = context.Set<OutboxMessage>();
        var again = await outbox.Where(m => m.ProcessedAt != null && m.ProcessedAt >= since)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.ProcessedAt, (DateTime?)null).SetProperty(m => m.NextAttemptAt, now),
                cancellationToken);
        // A lease held by a relay of the old shop would make the new one wait for it to run out.
        await outbox.Where(m => m.LockToken != null)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.LockToken, (Guid?)null).SetProperty(m => m.LockedUntil, (DateTime?)null),
                cancellationToken);
        return again;
    }
}
