namespace BuildingBlocks.Messaging;

public sealed class OutboxMessage : ILeasedRow
{
    public Guid Id { get; init; }
    public required string Type { get; init; }
    public required string Payload { get; init; }
    public DateTime OccurredAt { get; init; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>The W3C <c>traceparent</c> of the writing activity: the handlers' spans join its trace.</summary>
    public string? TraceParent { get; init; }
    public Guid? LockToken { get; set; }
    public DateTime? LockedUntil { get; set; }
}
