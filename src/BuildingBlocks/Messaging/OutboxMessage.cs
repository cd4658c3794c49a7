namespace BuildingBlocks.Messaging;

/// <summary>An integration event waiting in its publisher's database to be handed over.</summary>
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

    /// <summary>W3C <c>traceparent</c> of the activity that wrote the event: the handlers' spans join its trace.</summary>
    public string? TraceParent { get; init; }
    public Guid? LockToken { get; set; }
    public DateTime? LockedUntil { get; set; }
}
