using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>
/// The cross-process hand-over: consumes the queue of every subscriber module running here into the module's inbox,
/// acknowledging after that commit; the inbox processor does the rest, as in process.
/// </summary>
internal sealed class RabbitMqConsumer(
    IOptions<RabbitMqOptions> options,
    EventRoutes routes,
    InboxWriter inboxes,
    ILogger<RabbitMqConsumer> logger) : RabbitMqConnection(options.Value, routes, logger, "shop-event-consumer")
{
    public const string TraceParentHeader = "traceparent";

    private readonly string[] _modules = routes.Local.Keys.Where(m => routes.EventTypesOf(m).Any()).ToArray();

    protected override bool IsNeeded => _modules.Length > 0;

    protected override async Task SetUpAsync(IConnection connection, CancellationToken stoppingToken)
    {
        foreach (var module in _modules)
        {
            var queue = Options.QueueOf(module);
            var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
            await channel.BasicQosAsync(0, Options.PrefetchCount, global: false, stoppingToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => StoreAsync(channel, module, delivery, stoppingToken);
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken);
            logger.LogInformation("Consuming events of {Module} from RabbitMQ queue {Queue}", module, queue);
        }
    }

    private async Task StoreAsync(
        IChannel channel, string module, BasicDeliverEventArgs delivery, CancellationToken stop)
    {
        var properties = delivery.BasicProperties;
        try
        {
            if (!Guid.TryParse(properties.MessageId, out var eventId) || properties.Type is not { } eventType)
            {
                throw new InvalidOperationException("The message has no event id (message_id) or type.");
            }

            var traceParent = properties.Headers?.TryGetValue(TraceParentHeader, out var value) == true
                ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), string text => text, _ => null }
                : null;
            var body = Encoding.UTF8.GetString(delivery.Body.Span);
            await inboxes.WriteAsync(module, [new HandedOverEvent(eventId, eventType, body, traceParent)], stop);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stop);
        }
        catch (Exception exception) when (!stop.IsCancellationRequested)
        {
            logger.LogWarning(exception,
                "Module {Module} could not store {EventType} {EventId} in its inbox; the broker redelivers it",
                module, properties.Type, properties.MessageId);
            try
            {
                // Back on the queue; the quorum queue counts the delivery and dead-letters past the limit.
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, stop);
            }
            catch (Exception)
            {
                // The channel is gone: the broker requeues whatever it had not seen acknowledged.
            }
        }
    }

    // Stops consuming at once; the publisher's connection stays until the relays have stopped.
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DisposeAsync();
    }
}
