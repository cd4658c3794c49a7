namespace Ordering.Domain;

/// <summary>
/// One row per customer that placing an order updates first, inside its transaction: the row lock (PostgreSQL,
/// SQL Server) or the database's write lock (SQLite) makes a customer's placements take turns, on every Ordering
/// instance, so two parallel orders never both pass the <see cref="CustomerLimits"/> on the same snapshot.
/// </summary>
internal sealed class CustomerGate
{
    public Guid CustomerId { get; init; }

    /// <summary>How many orders went through the gate; the update is what takes the lock.</summary>
    public long Passes { get; set; }
}
