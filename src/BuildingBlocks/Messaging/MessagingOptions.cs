namespace BuildingBlocks.Messaging;

public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Off for processes that only serve requests while dedicated instances hand over and handle events
    /// (and in maintenance).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>Fallback polling when nothing woke a relay or an inbox processor (another process wrote).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 50;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts of one handler on one event before its inbox row goes <see cref="InboxStatus.Dead"/>.</summary>
    public int MaxAttempts { get; set; } = 10;
    public TimeSpan ProcessedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary><c>/health/ready</c> says Degraded while an event older than this waits in an outbox or an
    /// inbox.</summary>
    public TimeSpan PendingAgeThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The delay before retry <paramref name="attempts"/>: doubling from <see cref="FirstRetryDelay"/>, at
    /// most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan Backoff(int attempts) => TimeSpan.FromTicks(Math.Min(
        MaxRetryDelay.Ticks,
        FirstRetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}
