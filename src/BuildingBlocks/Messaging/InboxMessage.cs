namespace BuildingBlocks.Messaging;

/// <summary>
/// One event for one handler of the receiving module: its queue entry while pending, the proof that the handler
/// applied it once handled (written in the same transaction as the effect), and a dead letter when every attempt
/// failed. (event id, consumer) is the key: an event handed over twice is handled once.
/// </summary>
public sealed class InboxMessage : ILeasedRow
{
    public Guid EventId { get; init; }
    public required string Consumer { get; init; }
    public string Type { get; init; } = "";
    public string Payload { get; init; } = "";
    public string? TraceParent { get; init; }
    public DateTime ReceivedAt { get; init; }
    public InboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? HandledAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Set when the row goes <see cref="InboxStatus.Dead"/>: the id an operator names it by.</summary>
    public Guid? DeadLetterId { get; set; }
    public DateTime? FailedAt { get; set; }
    public string? DiscardReason { get; set; }
    public Guid? LockToken { get; set; }
    public DateTime? LockedUntil { get; set; }
}

/// <summary>Where an inbox row is. Rows from before the inbox was a queue were proofs only: 2 (handled).</summary>
public enum InboxStatus
{
    Pending = 1,
    Handled = 2,
    Dead = 3,
    Discarded = 4,
}
