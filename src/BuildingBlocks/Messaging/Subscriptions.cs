using System.Text.Json;
using BuildingBlocks.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Messaging;

/// <summary>One subscriber of one event type, able to apply an event exactly once through its module's inbox.</summary>
public sealed class Subscription(
    Type eventType,
    string consumer,
    Func<IServiceProvider, Guid, string, CancellationToken, Task<bool>> deliver)
{
    public string EventType { get; } = OutboxExtensions.EventTypeName(eventType);
    public string Consumer { get; } = consumer;

    /// <summary>Applies the event; false when this consumer had already applied it.</summary>
    public Task<bool> Deliver(IServiceProvider root, Guid eventId, string payload, CancellationToken cancellationToken)
        =>
        deliver(root, eventId, payload, cancellationToken);
}

public static class SubscriptionRegistration
{
    /// <summary>Subscribes <typeparamref name="THandler"/> to <typeparamref name="TEvent"/>, deduplicated through
    /// <typeparamref name="TContext"/>'s inbox.</summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler, TContext>(
        this IServiceCollection services)
        where TEvent : class, IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
        where TContext : DbContext
    {
        var consumer = typeof(THandler).FullName ?? typeof(THandler).Name;
        services.AddScoped<THandler>();
        services.AddSingleton(new Subscription(typeof(TEvent), consumer, async (root, eventId, payload, ct) =>
        {
            var integrationEvent = JsonSerializer.Deserialize<TEvent>(payload, OutboxExtensions.Json)
                ?? throw new InvalidOperationException($"Event {eventId} has an empty payload.");
            await using var scope = root.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Set<InboxMessage>().AnyAsync(m => m.EventId == eventId && m.Consumer == consumer, ct))
            {
                return false;
            }

            await scope.ServiceProvider.GetRequiredService<THandler>().Handle(integrationEvent, eventId, ct);
            db.Set<InboxMessage>()
                .Add(new InboxMessage { EventId = eventId, Consumer = consumer, HandledAt = DateTime.UtcNow });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }));
        return services;
    }
}
