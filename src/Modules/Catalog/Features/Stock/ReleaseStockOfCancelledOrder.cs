using BuildingBlocks.Messaging;
using Catalog.Domain;
using Catalog.Persistence;
using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;

namespace Catalog.Features.Stock;

/// <summary>Gives back what was reserved for a cancelled order, once; a cancel that overtakes its order leaves a
/// tombstone.</summary>
internal sealed class ReleaseStockOfCancelledOrder(
    CatalogDbContext db,
    TimeProvider clock) : IIntegrationEventHandler<OrderCancelled>
{
    public async Task Handle(OrderCancelled cancelled, Guid eventId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var reservation = await db.StockReservations
            .FirstOrDefaultAsync(r => r.OrderId == cancelled.OrderId, cancellationToken);
        if (reservation is null)
        {
            db.StockReservations.Add(new StockReservation
            {
                OrderId = cancelled.OrderId,
                Status = ReservationStatus.Released,
                UpdatedAt = now,
            });
            return;
        }

        if (reservation.Status == ReservationStatus.Reserved)
        {
            await StockReturns.Release(
                db,
                reservation.Lines.Select(l => (l.ProductId, l.Quantity)),
                now,
                cancellationToken);
            reservation.Status = ReservationStatus.Released;
            reservation.UpdatedAt = now;
        }
    }
}
