namespace BuildingBlocks.Messaging;

/// <summary>A row of an outbox or an inbox: due at <see cref="NextAttemptAt"/>, and claimed by a
/// <see cref="Leases.ProcessInstance"/> (its id in <see cref="LockToken"/>) until <see cref="LockedUntil"/>.</summary>
public interface ILeasedRow
{
    DateTime NextAttemptAt { get; }

    Guid? LockToken { get; }

    DateTime? LockedUntil { get; }
}
