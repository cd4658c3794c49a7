using BuildingBlocks.Messaging;
using Catalog.Contracts;
using Catalog.Domain;
using Catalog.Persistence;
using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;

namespace Catalog.Features.Stock;

/// <summary>
/// Reserves all lines of a placed order or none: each line is one conditional UPDATE (never below zero),
/// and a short line gives back the lines already taken, inside the same transaction as the inbox row.
/// </summary>
internal sealed class ReserveStockForOrder(
    CatalogDbContext db,
    TimeProvider clock) : IIntegrationEventHandler<OrderPlaced>
{
    // Asked for every order placed: compiled once (docs/benchmarks.md, "Compiled queries on the write paths").
    private static readonly Func<CatalogDbContext, Guid, CancellationToken, Task<bool>> Decided =
        EF.CompileAsyncQuery((CatalogDbContext context, Guid orderId, CancellationToken _) =>
            context.StockReservations.Any(r => r.OrderId == orderId));

    public async Task Handle(OrderPlaced placed, Guid eventId, CancellationToken cancellationToken)
    {
        if (await Decided(db, placed.OrderId, cancellationToken))
        {
            return; // Already decided, or cancelled before it arrived.
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var taken = new List<OrderPlacedLine>();
        foreach (var line in placed.Lines)
        {
            var reserved = await db.Products
                .Where(p => p.Id == line.ProductId && p.Stock >= line.Quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock - line.Quantity)
                    .SetProperty(p => p.Version, p => p.Version + 1)
                    .SetProperty(p => p.UpdatedAt, now), cancellationToken);
            if (reserved == 0)
            {
                await GiveBack(taken, now, cancellationToken);
                var sku = await db.Products.Where(p => p.Id == line.ProductId).Select(p => p.Sku)
                    .FirstOrDefaultAsync(cancellationToken);
                var reason = sku is null
                    ? $"Product {line.ProductId} is no longer sold."
                    : $"Not enough stock for product {sku} ({line.ProductId}).";
                db.StockReservations.Add(new StockReservation
                {
                    OrderId = placed.OrderId,
                    Status = ReservationStatus.Rejected,
                    UpdatedAt = now,
                });
                db.AddIntegrationEvent(new StockReservationRejected(placed.OrderId, line.ProductId, reason));
                return;
            }

            taken.Add(line);
        }

        db.StockReservations.Add(new StockReservation
        {
            OrderId = placed.OrderId,
            Status = ReservationStatus.Reserved,
            Lines = taken.Select(l => new ReservedLine { ProductId = l.ProductId, Quantity = l.Quantity }).ToList(),
            UpdatedAt = now,
        });
        db.AddIntegrationEvent(new StockReserved(placed.OrderId));
    }

    private Task GiveBack(List<OrderPlacedLine> taken, DateTime now, CancellationToken cancellationToken) =>
        StockReturns.Release(db, taken.Select(l => (l.ProductId, l.Quantity)), now, cancellationToken);
}
