using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>What the outbox relay hands events to for subscriber modules elsewhere.</summary>
internal interface IEventBroker
{
    /// <summary>The event types this process publishes (a subscriber module of theirs runs elsewhere).</summary>
    IReadOnlyList<string> PublishedTypes { get; }

    /// <summary>False while the broker is known to be unreachable: the relay leaves the rows of
    /// <see cref="PublishedTypes"/> alone until it is back.</summary>
    bool IsReachable { get; }

    /// <summary>Returns once the broker confirmed them all; throws <see cref="BrokerUnavailableException"/> when it
    /// could not be reached.</summary>
    Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}

/// <summary>The broker could not be reached (no connection, or it is recovering): nothing was sent, no attempt was
/// spent.</summary>
internal sealed class BrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Publishes outbox events (routing key: the type name), persistent and mandatory, with the W3C trace context in the
/// headers, and returns once the broker confirmed the whole batch. Anything else throws: the relay keeps the rows.
/// </summary>
internal sealed partial class RabbitMqPublisher(
    IOptions<RabbitMqOptions> options,
    EventRoutes routes,
    ILogger<RabbitMqPublisher> logger) : IEventBroker, IAsyncDisposable
{
    private readonly RabbitMqOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;
    private DateTime _connectAgainAt = DateTime.MinValue;

    public IReadOnlyList<string> PublishedTypes { get; } = routes.RemotelySubscribedTypes;

    // Connected, or not connected and due for another attempt (a connection that dropped recovers on its own).
    public bool IsReachable => _connection is { } connection ? connection.IsOpen : DateTime.UtcNow >= _connectAgainAt;

    public async Task PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout * 2);
        if (!await _gate.WaitAsync(_options.ConnectTimeout * 2, cancellationToken))
        {
            throw new BrokerUnavailableException("Another publish is still waiting for RabbitMQ.");
        }

        try
        {
            var channel = await ChannelAsync(timeout.Token);
            // With confirmation tracking on, each publish completes when the broker confirmed it (and throws on a nack
            // or a return): started together, the confirms of the batch come back in one round trip.
            var confirms = messages.Select(m => channel.BasicPublishAsync(
                _options.ExchangeName, m.Type, mandatory: true, Properties(m), Encoding.UTF8.GetBytes(m.Payload),
                timeout.Token).AsTask()).ToList();
            await Task.WhenAll(confirms);
        }
        catch (BrokerUnavailableException)
        {
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException
            || !cancellationToken.IsCancellationRequested)
        {
            // A channel the broker closed (after an error) is not recovered: the next publish opens a new one.
            LogPublishFailed(logger, exception, messages.Count);
            throw new InvalidOperationException(
                $"Publishing {messages.Count} events to RabbitMQ failed: {exception.Message}", exception);
        }
        finally
        {
            _gate.Release();
        }
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

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        if (_connection is null)
        {
            // After a failed attempt, fail fast until ReconnectInterval passed: a relay batch must not wait once per
            // row.
            if (DateTime.UtcNow < _connectAgainAt)
            {
                throw new BrokerUnavailableException("RabbitMQ was unreachable a moment ago; not trying again yet.");
            }

            try
            {
                _connection = await RabbitMqTopology.Factory(_options, "shop-outbox-publisher")
                    .CreateConnectionAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException
                || !cancellationToken.IsCancellationRequested)
            {
                _connectAgainAt = DateTime.UtcNow + _options.ReconnectInterval;
                LogUnreachable(logger, exception, _options.ReconnectInterval);
                throw new BrokerUnavailableException($"RabbitMQ is unreachable: {exception.Message}", exception);
            }
        }

        if (!_connection.IsOpen)
        {
            // Automatic recovery is on: the connection (and its channel) come back on their own.
            throw new BrokerUnavailableException("The connection to RabbitMQ is down; it is recovering.");
        }

        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true), cancellationToken);
        await RabbitMqTopology.DeclareAsync(_channel, _options, routes, cancellationToken);
        return _channel;
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "RabbitMQ is unreachable; the outbox keeps its events and the next connection attempt is in "
            + "{Interval}")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Publishing {Count} events to RabbitMQ failed; the outbox keeps them and retries")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count);
}
