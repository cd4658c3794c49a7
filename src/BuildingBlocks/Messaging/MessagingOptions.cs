namespace BuildingBlocks.Messaging;

/// <summary><c>Messaging</c>: what each setting means is in docs/operations.md, the one place operators read.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    public bool RelayEnabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 50;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
    public int MaxAttempts { get; set; } = 10;
    public TimeSpan ProcessedRetention { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan PendingAgeThreshold { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan Backoff(int attempts) => TimeSpan.FromTicks(Math.Min(
        MaxRetryDelay.Ticks,
        FirstRetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}
