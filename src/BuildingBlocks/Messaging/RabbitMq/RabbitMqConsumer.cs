using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>
/// The cross-process hand-over: consumes the queue of every subscriber module running here, writes each message into
/// the module's inbox and acknowledges after that commit; the inbox processor does the rest, as in process. A message
/// that cannot be stored is given back (dead-lettered by the broker past <see cref="RabbitMqOptions.DeliveryLimit"/>).
/// </summary>
internal sealed partial class RabbitMqConsumer(
    EventRoutes routes,
    InboxWriter inboxes,
    IOptions<RabbitMqOptions> options,
    ILogger<RabbitMqConsumer> logger) : BackgroundService
{
    public const string TraceParentHeader = "traceparent";
    private readonly RabbitMqOptions _options = options.Value;
    private IConnection? _connection;
    private volatile bool _consuming;

    /// <summary>This process consumes queues, and its connection is not open (connecting, or recovering).</summary>
    public bool IsDisconnected => _consuming && _connection is not { IsOpen: true };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Never hold up the Host's start-up, whatever the broker does.
        await Task.Yield();
        var modules = routes.Local.Keys.Where(m => routes.HandlersIn(m).Any()).ToArray();
        if (modules.Length == 0)
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
                    await RabbitMqTopology.DeclareAsync(setup, _options, routes, stoppingToken);
                }

                foreach (var module in modules)
                {
                    var channel = await _connection.CreateChannelAsync(cancellationToken: stoppingToken);
                    await channel.BasicQosAsync(0, _options.PrefetchCount, global: false, stoppingToken);
                    var consumer = new AsyncEventingBasicConsumer(channel);
                    consumer.ReceivedAsync += (_, delivery) => StoreAsync(channel, module, delivery, stoppingToken);
                    await channel.BasicConsumeAsync(_options.QueueOf(module), autoAck: false, consumer, stoppingToken);
                    LogConsuming(logger, module, _options.QueueOf(module));
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
            LogStoreFailed(logger, exception, module, properties.Type, properties.MessageId);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming events of {Module} from RabbitMQ queue {Queue}")]
    private static partial void LogConsuming(ILogger logger, string module, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting to RabbitMQ failed; retrying in {Delay}")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Module {Module} could not store {EventType} {EventId} in its inbox; the broker redelivers it")]
    private static partial void LogStoreFailed(
        ILogger logger, Exception exception, string module, string? eventType, string? eventId);
}
