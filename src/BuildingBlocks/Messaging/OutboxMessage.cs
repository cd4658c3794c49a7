namespace BuildingBlocks.Messaging;

/// <summary>An integration event waiting in its publisher's database to be relayed.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }
    public required string Type { get; init; }
    public required string Payload { get; init; }
    public DateTime OccurredAt { get; init; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>Set by the relay instance that claimed the row; another instance takes it over once
    /// <see cref="LockedUntil"/> passes.</summary>
    public Guid? LockToken { get; set; }
    public DateTime? LockedUntil { get; set; }
}

/// <summary>Proof that a consumer already applied an event: written in the same transaction as the effect.</summary>
public sealed class InboxMessage
{
    public Guid EventId { get; init; }
    public required string Consumer { get; init; }
    public DateTime HandledAt { get; init; }
}
