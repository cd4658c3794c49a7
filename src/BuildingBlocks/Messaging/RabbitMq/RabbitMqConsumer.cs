using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>
/// Consumes the queue of every subscriber module enabled in this process (<c>shop.&lt;module&gt;</c>): each message is
/// applied through the module's existing <see cref="Subscription"/>s (inbox and effect in one transaction) and
/// acknowledged after that transaction committed. A failure puts the message back on the queue with an attempt
/// count; after <see cref="RabbitMqOptions.MaxDeliveryAttempts"/> it goes to <c>shop.&lt;module&gt;.dead</c>. The
/// connection recovers on its own when the broker comes back (consumers included); the first one is retried until
/// it succeeds.
/// </summary>
internal sealed partial class RabbitMqConsumer(
    IServiceProvider services,
    IEnumerable<Subscription> subscriptions,
    EventTopology topology,
    IOptions<RabbitMqOptions> options,
    ILogger<RabbitMqConsumer> logger) : BackgroundService
{
    private readonly RabbitMqOptions _options = options.Value;
    private IConnection? _connection;
    private volatile bool _consuming;

    /// <summary>This process consumes queues, and its connection is not open (connecting, or recovering).</summary>
    public bool IsDisconnected => _consuming && _connection is not { IsOpen: true };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Never hold up the Host's start-up, whatever the broker does.
        await Task.Yield();
        var byModule = subscriptions
            .Select(s => (Module: topology.ModuleOf(s), Subscription: s))
            .Where(s => s.Module is not null && topology.IsEnabled(s.Module))
            .GroupBy(s => s.Module!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => g.Select(s => s.Subscription).ToLookup(s => s.EventType),
                StringComparer.OrdinalIgnoreCase);
        if (byModule.Count == 0)
        {
            return;
        }

        _consuming = true;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _connection = await RabbitMqTopology.Factory(_options, "shop-event-consumer")
                    .CreateConnectionAsync(stoppingToken);
                await using (var setup = await _connection.CreateChannelAsync(cancellationToken: stoppingToken))
                {
                    await RabbitMqTopology.DeclareAsync(setup, _options, topology, stoppingToken);
                }

                foreach (var (module, handlers) in byModule)
                {
                    await ConsumeAsync(_connection, module, handlers, stoppingToken);
                }

                break;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogConnectFailed(logger, exception, _options.ReconnectInterval);
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                    _connection = null;
                }

                await Task.Delay(_options.ReconnectInterval, stoppingToken);
            }
        }

        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ConsumeAsync(
        IConnection connection,
        string module,
        ILookup<string, Subscription> handlers,
        CancellationToken stoppingToken)
    {
        var queue = _options.QueueOf(module);
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true), stoppingToken);
        await channel.BasicQosAsync(0, _options.PrefetchCount, global: false, stoppingToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, module, handlers, delivery, stoppingToken);
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, stoppingToken);
        LogConsuming(logger, module, queue);
    }

    private async Task HandleAsync(
        IChannel channel,
        string module,
        ILookup<string, Subscription> handlers,
        BasicDeliverEventArgs delivery,
        CancellationToken stoppingToken)
    {
        var properties = delivery.BasicProperties;
        var eventType = properties.Type ?? delivery.RoutingKey;
        var attempts = Attempts(properties);
        try
        {
            if (!Guid.TryParse(properties.MessageId, out var eventId))
            {
                throw new InvalidOperationException("The message has no event id (message_id).");
            }

            // The publishing process ran this module too and already applied the event in-process.
            if (!DeliveredInProcess(properties).Contains(module, StringComparer.OrdinalIgnoreCase))
            {
                if (!handlers.Contains(eventType))
                {
                    throw new InvalidOperationException($"Module {module} has no handler for {eventType}.");
                }

                var payload = Encoding.UTF8.GetString(delivery.Body.Span);
                foreach (var subscription in handlers[eventType])
                {
                    await subscription.Deliver(services, eventId, payload, stoppingToken);
                }
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            attempts++;
            var dead = attempts >= _options.MaxDeliveryAttempts;
            LogHandlingFailed(logger, exception, module, eventType, properties.MessageId, attempts, dead);
            try
            {
                if (!dead)
                {
                    await Task.Delay(_options.RetryDelay * attempts, stoppingToken);
                }

                var again = new BasicProperties(properties)
                {
                    Headers = new Dictionary<string, object?>(properties.Headers ?? new Dictionary<string, object?>())
                    {
                        [RabbitMqTopology.AttemptsHeader] = attempts,
                        [RabbitMqTopology.ErrorHeader] = exception.Message.Length > 1000
                            ? exception.Message[..1000]
                            : exception.Message,
                    },
                };
                // Through the default exchange straight to the queue, confirmed before the original is acknowledged.
                var target = dead ? _options.DeadLetterQueueOf(module) : _options.QueueOf(module);
                await channel.BasicPublishAsync("", target, mandatory: true, again, delivery.Body, stoppingToken);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
            }
            catch (Exception requeueFailure) when (!stoppingToken.IsCancellationRequested)
            {
                // Not acknowledged: the broker redelivers it (to us after recovery, or to another instance).
                LogRequeueFailed(logger, requeueFailure, module, eventType, properties.MessageId);
                await NackAsync(channel, delivery.DeliveryTag);
            }
        }
    }

    private static async Task NackAsync(IChannel channel, ulong deliveryTag)
    {
        try
        {
            await channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true);
        }
        catch (Exception)
        {
            // The channel is gone: the broker requeues whatever it had not seen acknowledged.
        }
    }

    private static int Attempts(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(RabbitMqTopology.AttemptsHeader, out var value) == true
            ? value switch { int i => i, long l => (int)l, byte b => b, short s => s, _ => 0 }
            : 0;

    private static string[] DeliveredInProcess(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(RabbitMqTopology.DeliveredInProcessHeader, out var value) == true
            ? (value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), string text => text, _ => "" })
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_connection is not null)
        {
            try
            {
                await _connection.CloseAsync(cancellationToken);
            }
            catch (Exception)
            {
                // The broker is gone already.
            }

            await _connection.DisposeAsync();
        }
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Consuming integration events of module {Module} from RabbitMQ queue {Queue}")]
    private static partial void LogConsuming(ILogger logger, string module, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting to RabbitMQ failed; retrying in {Delay}")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Module {Module} failed to handle {EventType} {EventId} (attempt {Attempts}, dead-lettered: {Dead})")]
    private static partial void LogHandlingFailed(
        ILogger logger,
        Exception exception,
        string module,
        string eventType,
        string? eventId,
        int attempts,
        bool dead);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Module {Module} could not put {EventType} {EventId} back; the broker will redeliver it")]
    private static partial void LogRequeueFailed(
        ILogger logger,
        Exception exception,
        string module,
        string eventType,
        string? eventId);
}
