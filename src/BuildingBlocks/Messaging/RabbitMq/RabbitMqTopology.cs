using RabbitMQ.Client;

namespace BuildingBlocks.Messaging.RabbitMq;

internal static class RabbitMqTopology
{
    public const string AttemptsHeader = "shop-attempts";
    public const string DeliveredInProcessHeader = "shop-delivered-in-process";
    public const string ErrorHeader = "shop-error";

    /// <summary>
    /// Declares the exchange and, for every subscriber module this binary knows, its durable queue bound to the
    /// event types it handles and its dead-letter queue. Publishers declare them too, so an event is never
    /// unroutable because the subscriber's process has not started yet. Declarations are idempotent.
    /// </summary>
    public static async Task DeclareAsync(
        IChannel channel,
        RabbitMqOptions options,
        EventTopology topology,
        CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(
            options.ExchangeName,
            ExchangeType.Topic,
            durable: true,
            autoDelete: false,
            cancellationToken: cancellationToken);
        foreach (var module in topology.SubscriberModules)
        {
            var queue = options.QueueOf(module);
            await channel.QueueDeclareAsync(
                queue,
                durable: true,
                exclusive: false,
                autoDelete: false,
                cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(
                options.DeadLetterQueueOf(module),
                durable: true,
                exclusive: false,
                autoDelete: false,
                cancellationToken: cancellationToken);
            foreach (var eventType in topology.EventTypesOf(module))
            {
                await channel.QueueBindAsync(
                    queue,
                    options.ExchangeName,
                    eventType,
                    cancellationToken: cancellationToken);
            }
        }
    }

    public static ConnectionFactory Factory(RabbitMqOptions options, string name) => new()
    {
        Uri = new Uri(options.Uri!),
        ClientProvidedName = name,
        AutomaticRecoveryEnabled = true,
        TopologyRecoveryEnabled = true,
        NetworkRecoveryInterval = options.ReconnectInterval,
        RequestedConnectionTimeout = options.ConnectTimeout,
        ContinuationTimeout = options.ConnectTimeout,
    };
}
