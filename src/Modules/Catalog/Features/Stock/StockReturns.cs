using Catalog.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Features.Stock;

/// <summary>
/// Puts units back on the shelf, one conditional UPDATE per product: a rejected reservation's partial take, or a
/// cancelled order's reservation.
/// </summary>
internal static class StockReturns
{
    public static async Task Release(
        CatalogDbContext db, IEnumerable<(Guid ProductId, int Quantity)> lines, DateTime now,
        CancellationToken cancellationToken)
    {
        foreach (var (productId, quantity) in lines)
        {
            await db.Products.Where(p => p.Id == productId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock + quantity)
                    .SetProperty(p => p.Version, p => p.Version + 1)
                    .SetProperty(p => p.UpdatedAt, now), cancellationToken);
        }
    }
}
