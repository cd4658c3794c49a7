using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Messaging;

/// <summary>An event as it is handed over, from an outbox row or a broker message.</summary>
internal sealed record HandedOverEvent(Guid Id, string Type, string Payload, string? TraceParent);

/// <summary>The hand-over into a receiving module's inbox: the same for the in-process relay and the broker's
/// consumer.</summary>
internal static class InboxWriter
{
    /// <summary>
    /// Adds one pending row per handler of <paramref name="module"/> for each event, skipping those the inbox already
    /// has (an event handed over again), and commits. Returns the rows added.
    /// </summary>
    public static async Task<int> WriteAsync(
        DbContext db,
        EventRoutes routes,
        string module,
        IReadOnlyCollection<HandedOverEvent> events,
        DateTime now,
        CancellationToken cancellationToken)
    {
        var ids = events.Select(e => e.Id).ToList();
        var inbox = db.Set<InboxMessage>();
        var existing = (await inbox.AsNoTracking().Where(m => ids.Contains(m.EventId))
            .Select(m => new { m.EventId, m.Consumer }).ToListAsync(cancellationToken))
            .Select(m => (m.EventId, m.Consumer)).ToHashSet();
        var added = 0;
        foreach (var handedOver in events)
        {
            foreach (var handler in routes.HandlersOf(module, handedOver.Type))
            {
                if (existing.Add((handedOver.Id, handler.Consumer)))
                {
                    inbox.Add(new InboxMessage
                    {
                        EventId = handedOver.Id,
                        Consumer = handler.Consumer,
                        Type = handedOver.Type,
                        Payload = handedOver.Payload,
                        TraceParent = handedOver.TraceParent,
                        ReceivedAt = now,
                        Status = InboxStatus.Pending,
                        NextAttemptAt = now,
                    });
                    added++;
                }
            }
        }

        if (added > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return added;
    }
}
