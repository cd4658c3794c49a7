using BuildingBlocks.Messaging;
using Catalog.Contracts;
using Microsoft.EntityFrameworkCore;
using Ordering.Persistence;

namespace Ordering.Features.Saga;

/// <summary>The catalog could not reserve the stock: a pending order is rejected, saying which product was
/// short.</summary>
internal sealed class RejectOrderOnStockReservationRejected(OrderingDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<StockReservationRejected>
{
    public async Task Handle(StockReservationRejected rejected, Guid eventId, CancellationToken cancellationToken)
    {
        var order = await db.FindTrackedAsync(rejected.OrderId, cancellationToken);
        order?.Reject(rejected.Reason, clock.GetUtcNow().UtcDateTime);
    }
}
