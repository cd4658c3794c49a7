using RabbitMQ.Client;

namespace BuildingBlocks.Messaging.RabbitMq;

internal static class RabbitMqTopology
{
    /// <summary>
    /// Declares the exchange and, for every subscriber module this binary knows, its quorum queue (Raft-replicated
    /// over the cluster's nodes) bound to the event types it handles, with a delivery limit after which the broker
    /// dead-letters to the module's quorum <c>.dead</c> queue. Publishers declare them too, so an event is never
    /// unroutable because the subscriber's process has not started yet. Declarations are idempotent.
    /// </summary>
    public static async Task DeclareAsync(
        IChannel channel,
        RabbitMqOptions options,
        EventRoutes routes,
        CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(
            options.ExchangeName, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        foreach (var module in routes.SubscriberModules)
        {
            var queue = options.QueueOf(module);
            var dead = options.DeadLetterQueueOf(module);
            await channel.QueueDeclareAsync(
                dead, true, false, false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" },
                cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, true, false, false, new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = options.DeliveryLimit,
                ["x-dead-letter-exchange"] = "",
                ["x-dead-letter-routing-key"] = dead,
            }, cancellationToken: cancellationToken);
            foreach (var eventType in routes.EventTypesOf(module))
            {
                await channel.QueueBindAsync(
                    queue, options.ExchangeName, eventType, cancellationToken: cancellationToken);
            }
        }
    }
}
