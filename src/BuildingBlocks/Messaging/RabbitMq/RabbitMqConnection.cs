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
internal abstract partial class RabbitMqConnection(
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
                    await RabbitMqTopology.DeclareAsync(setup, Options, Routes, stoppingToken);
                }

                await SetUpAsync(connection, stoppingToken);
                Connection = connection;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogConnectFailed(logger, exception, Name, Options.ReconnectInterval);
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }

                await Task.Delay(Options.ReconnectInterval, stoppingToken);
            }
        }
    }

    /// <summary>Closes the connection (quietly, if the broker is gone already).</summary>
    public virtual async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
            Connection = null;
        }

        Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting {Name} to RabbitMQ failed; retrying in {Delay}")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, string name, TimeSpan delay);
}
