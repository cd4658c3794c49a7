using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;
using Ordering.Domain;

namespace Ordering.Persistence;

/// <summary>Serialises one customer's placements (<see cref="CustomerGate"/>) and reads what they hold.</summary>
internal static class CustomerGates
{
    /// <summary>Creates the customer's gate row once, outside any transaction: a failed insert would abort a
    /// PostgreSQL transaction, and a lost race only means the row is there.</summary>
    public static async Task EnsureGateAsync(this OrderingDbContext db, Guid customerId, CancellationToken ct)
    {
        if (await db.CustomerGates.AnyAsync(g => g.CustomerId == customerId, ct))
        {
            return;
        }

        db.CustomerGates.Add(new CustomerGate { CustomerId = customerId });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another placement of this customer created it first.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Takes the customer's gate until the current transaction ends.</summary>
    public static Task<int> PassGateAsync(this OrderingDbContext db, Guid customerId, CancellationToken ct) =>
        db.CustomerGates.Where(g => g.CustomerId == customerId)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.Passes, g => g.Passes + 1), ct);

    /// <summary>The customer's open (Pending or Confirmed) orders: how many, and their units per product.</summary>
    public static async Task<(int Orders, IReadOnlyDictionary<Guid, int> Units)> OpenHoldingsAsync(
        this OrderingDbContext db, Guid customerId, CancellationToken ct)
    {
        var open = db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId
            && (o.Status == OrderStatus.Pending || o.Status == OrderStatus.Confirmed));
        var count = await open.CountAsync(ct);
        var lines = await open.SelectMany(o => o.Lines).Select(l => new { l.ProductId, l.Quantity }).ToListAsync(ct);
        return (count, lines.GroupBy(l => l.ProductId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity)));
    }
}
