using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>
/// The connection of the publisher, or of the consumer (each has its own: a publisher that the broker blocks must not
/// hold up the consumers' acknowledgements), made in the background, never holding up the Host's start-up.
/// </summary>
internal abstract class RabbitMqConnection(
    RabbitMqOptions options, EventRoutes routes, ILogger logger, string name) : BackgroundService, IAsyncDisposable
{
    public string Name { get; } = name;

    protected RabbitMqOptions Options { get; } = options;

    protected EventRoutes Routes { get; } = routes;

    /// <summary>Open once made; closed while the client recovers it.</summary>
    protected IConnection? Connection { get; private set; }

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

    // Quorum queues (Raft-replicated over the cluster's nodes) for every subscriber module this binary knows, not only
    // those running here: publishers declare them too, so an event is never unroutable because its subscriber's process
    // has not started yet. Declaring them again is harmless.
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
