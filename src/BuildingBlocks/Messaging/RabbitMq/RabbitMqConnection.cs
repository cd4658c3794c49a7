using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>
/// The connection of the publisher, or of the consumer (each has its own: a publisher that the broker blocks must not
/// hold up the consumers' acknowledgements). It is made in the background, never holding up the Host's start-up, with
/// the topology declared, and tried again every <see cref="RabbitMqOptions.ReconnectInterval"/> until it is up; the
/// client then recovers it on its own when it drops.
/// </summary>
internal abstract class RabbitMqConnection(
    RabbitMqOptions options, EventRoutes routes, ILogger logger, string name) : BackgroundService, IAsyncDisposable
{
    /// <summary>The connection's name in the broker: <c>shop-outbox-publisher</c> or <c>shop-event-consumer</c>.</summary>
    public string Name { get; } = name;

    protected RabbitMqOptions Options { get; } = options;

    protected EventRoutes Routes { get; } = routes;

    /// <summary>Open once made; closed while the client recovers it.</summary>
    protected IConnection? Connection { get; private set; }

    /// <summary>This process needs the connection, and it is not open (connecting, or recovering).</summary>
    public bool IsDown => IsNeeded && Connection is not { IsOpen: true };

    protected abstract bool IsNeeded { get; }

    protected virtual Task SetUpAsync(IConnection connection, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (IsNeeded && Connection is null)
        {
            IConnection? connection = null;
            try
            {
                connection = await new ConnectionFactory
                {
                    Uri = new Uri(Options.Uri!),
                    ClientProvidedName = Name,
                    AutomaticRecoveryEnabled = true,
                    TopologyRecoveryEnabled = true,
                    NetworkRecoveryInterval = Options.ReconnectInterval,
                    RequestedConnectionTimeout = Options.ConnectTimeout,
                    ContinuationTimeout = Options.ConnectTimeout,
                }.CreateConnectionAsync(stoppingToken);
                await using (var setup = await connection.CreateChannelAsync(cancellationToken: stoppingToken))
                {
                    await DeclareTopologyAsync(setup, stoppingToken);
                }

                await SetUpAsync(connection, stoppingToken);
                Connection = connection;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Connecting {Name} to RabbitMQ failed; retrying in {Delay}",
                    Name, Options.ReconnectInterval);
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                await Task.Delay(Options.ReconnectInterval, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Declares the exchange and, for every subscriber module this binary knows, its quorum queue (Raft-replicated
    /// over the cluster's nodes) bound to the event types it handles, with a delivery limit after which the broker
    /// dead-letters to the module's quorum <c>.dead</c> queue. Publishers declare them too, so an event is never
    /// unroutable because the subscriber's process has not started yet. Declarations are idempotent.
    /// </summary>
    private async Task DeclareTopologyAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(
            Options.ExchangeName, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        foreach (var module in Routes.SubscriberModules)
        {
            var queue = Options.QueueOf(module);
            var dead = queue + ".dead";
            await channel.QueueDeclareAsync(
                dead, true, false, false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" },
                cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, true, false, false, new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = Options.DeliveryLimit,
                ["x-dead-letter-exchange"] = "",
                ["x-dead-letter-routing-key"] = dead,
            }, cancellationToken: cancellationToken);
            foreach (var eventType in Routes.EventTypesOf(module))
            {
                await channel.QueueBindAsync(
                    queue, Options.ExchangeName, eventType, cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>Closes the connection (quietly, if the broker is gone already).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
            Connection = null;
        }

        Dispose();
    }
}
