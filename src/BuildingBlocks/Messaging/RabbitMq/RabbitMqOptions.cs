namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>
/// <c>Messaging:RabbitMq</c>, each setting described in docs/operations.md. An empty <see cref="Uri"/> (the default)
/// means no broker: events reach only the subscribers of the publishing process (the monolith).
/// </summary>
public sealed class RabbitMqOptions
{
    public const string Section = "Messaging:RabbitMq";

    public string? Uri { get; set; }
    public string Prefix { get; set; } = "";
    public string Exchange { get; set; } = "shop.events";
    public int DeliveryLimit { get; set; } = 5;
    public ushort PrefetchCount { get; set; } = 16;
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Uri);

    public string ExchangeName => Prefix + Exchange;

    public string QueueOf(string module) => $"{Prefix}shop.{module.ToLowerInvariant()}";
}
