using System.Text.Json;
using BuildingBlocks.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Messaging;

public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the event to this context's outbox: handed over once the caller's SaveChanges commits.</summary>
    public static void AddIntegrationEvent<TEvent>(
        this DbContext context,
        TEvent integrationEvent,
        TimeProvider? clock = null)
        where TEvent : class, IIntegrationEvent
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        context.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            Type = EventTypeName(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(integrationEvent, Json),
            OccurredAt = now,
            NextAttemptAt = now,
            TraceParent = System.Diagnostics.Activity.Current?.Id,
        });
    }

    public static string EventTypeName(Type eventType) => eventType.FullName ?? eventType.Name;
}
