namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>
/// <c>Messaging:RabbitMq</c>: the broker that carries integration events between processes. Empty <see cref="Uri"/>
/// (the default): no broker, events reach only the subscribers of the publishing process (the monolith).
/// </summary>
public sealed class RabbitMqOptions
{
    public const string Section = "Messaging:RabbitMq";

    /// <summary><c>amqp://user:password@host:5672/vhost</c>; a secret, so from the environment in production.</summary>
    public string? Uri { get; set; }

    /// <summary>Prepended to every exchange and queue name (several shops, or test runs, on one broker).</summary>
    public string Prefix { get; set; } = "";

    /// <summary>The topic exchange events are published to, with the event type name as routing key.</summary>
    public string Exchange { get; set; } = "shop.events";

    /// <summary>Deliveries (<c>x-delivery-limit</c>) before the broker moves a message to the module's <c>.dead</c>
    /// queue: only what cannot even be stored in the inbox (handler failures count there).</summary>
    public int DeliveryLimit { get; set; } = 5;

    /// <summary>Unacknowledged messages a subscriber module's consumer holds at once.</summary>
    public ushort PrefetchCount { get; set; } = 16;

    /// <summary>Between attempts to (re)connect; the client's automatic recovery uses it too.</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Opening a connection; a publish waits at most this long for the broker's confirm too.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Uri);

    public string ExchangeName => Prefix + Exchange;

    public string QueueOf(string module) => $"{Prefix}shop.{module.ToLowerInvariant()}";
}
