namespace BuildingBlocks.Messaging;

/// <summary>An outbox or inbox row; <see cref="LockToken"/> is the id of the process instance that leases it.</summary>
public interface ILeasedRow
{
    DateTime NextAttemptAt { get; }

    Guid? LockToken { get; }

    DateTime? LockedUntil { get; }
}
