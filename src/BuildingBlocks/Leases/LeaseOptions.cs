namespace BuildingBlocks.Leases;

/// <summary>
/// The <c>Leases</c> section: how long work claimed in a shared database (an outbox row, an <c>Idempotency-Key</c>
/// in flight) stays reserved for the process instance that claimed it, and how often that instance renews it while
/// the work runs. Another instance takes the work over once a lease lapses: within <see cref="Duration"/> (plus its
/// poll) of the owner's death. A live owner renews it <see cref="Duration"/> / <see cref="HeartbeatInterval"/> times
/// per lease, so it loses its work only if that many heartbeats in a row fail or stall.
/// </summary>
public sealed class LeaseOptions
{
    public const string Section = "Leases";

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);
}
