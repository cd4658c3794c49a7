using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Messaging;

internal sealed record HandedOverEvent(Guid Id, string Type, string Payload, string? TraceParent);

/// <summary>The hand-over into a receiving module's inbox, the same for the relay and the broker's consumer: an event
/// handed over again adds no row.</summary>
internal sealed class InboxWriter(
    IServiceProvider services, EventRoutes routes, OutboxWakeUp wakeUp, TimeProvider clock)
{
    public async Task WriteAsync(
        string module, IReadOnlyCollection<HandedOverEvent> events, CancellationToken cancellationToken)
    {
        var database = routes.Local[module];
        await using var scope = services.CreateAsyncScope();
        var db = database.Resolve(scope.ServiceProvider);
        var ids = events.Select(e => e.Id).ToList();
        var inbox = db.Set<InboxMessage>();
        var existing = (await inbox.AsNoTracking().Where(m => ids.Contains(m.EventId))
            .Select(m => new { m.EventId, m.Consumer }).ToListAsync(cancellationToken))
            .Select(m => (m.EventId, m.Consumer)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (id, type, payload, traceParent) in events)
        {
            foreach (var handler in routes.HandlersOf(module, type).Where(h => existing.Add((id, h.Consumer))))
            {
                inbox.Add(new InboxMessage
                {
                    EventId = id, Consumer = handler.Consumer, Type = type, Payload = payload,
                    TraceParent = traceParent, ReceivedAt = now, Status = InboxStatus.Pending, NextAttemptAt = now,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        wakeUp.Notify<InboxMessage>(database.ContextType);
    }
}
