using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>What the outbox relay hands events to for subscriber modules elsewhere.</summary>
internal interface IEventBroker
{
    bool IsReachable { get; }

    /// <summary>Returns once the broker confirmed them all; throws <see cref="BrokerUnavailableException"/> when it
    /// could not be reached.</summary>
    Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}

/// <summary>The broker could not be reached (no connection, or it is recovering): nothing was sent, no attempt was
/// spent.</summary>
internal sealed class BrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary><see cref="IEventBroker"/> on RabbitMQ. Connects only in a process that publishes (a module running
/// elsewhere subscribes).</summary>
internal sealed class RabbitMqPublisher(
    IOptions<RabbitMqOptions> options,
    EventRoutes routes,
    ILogger<RabbitMqPublisher> logger)
    : RabbitMqConnection(options.Value, routes, logger, "shop-outbox-publisher"), IEventBroker
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    public bool IsReachable => !IsDown;

    protected override bool IsNeeded => Routes.RemotelySubscribedTypes.Count > 0;

    public async Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (Connection is not { IsOpen: true } connection)
        {
            throw new BrokerUnavailableException("RabbitMQ is unreachable: the connection is being made or recovered.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.ConnectTimeout * 2);
        if (!await _gate.WaitAsync(Options.ConnectTimeout * 2, cancellationToken))
        {
            throw new BrokerUnavailableException("Another publish is still waiting for RabbitMQ.");
        }

        try
        {
            var channel = await ChannelAsync(connection, timeout.Token);
            // With confirmation tracking on, each publish completes when the broker confirmed it (and throws on a nack
            // or a return): started together, the confirms of the batch come back in one round trip.
            var confirms = messages.Select(m => channel.BasicPublishAsync(
                Options.ExchangeName, m.Type, mandatory: true, Properties(m), Encoding.UTF8.GetBytes(m.Payload),
                timeout.Token).AsTask()).ToList();
            await Task.WhenAll(confirms);
        }
        catch (Exception exception) when (exception is not OperationCanceledException
            || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception,
                "Publishing {Count} events to RabbitMQ failed; the outbox keeps them and retries", messages.Count);
            throw new InvalidOperationException(
                $"Publishing {messages.Count} events to RabbitMQ failed: {exception.Message}", exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    // The client recovers the channel with its connection, but not one the broker closed after an error: a new one
    // replaces it.
    private async Task<IChannel> ChannelAsync(IConnection connection, CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        return _channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
    }

    private static BasicProperties Properties(OutboxMessage message) => new()
    {
        MessageId = message.Id.ToString(),
        Type = message.Type,
        ContentType = "application/json",
        DeliveryMode = DeliveryModes.Persistent,
        Timestamp = new AmqpTimestamp(
            new DateTimeOffset(DateTime.SpecifyKind(message.OccurredAt, DateTimeKind.Utc)).ToUnixTimeSeconds()),
        Headers = message.TraceParent is null
            ? null
            : new Dictionary<string, object?> { [RabbitMqConsumer.TraceParentHeader] = message.TraceParent },
    };
}
