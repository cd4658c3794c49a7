using BuildingBlocks.Messaging;
using Catalog.Contracts;
using Microsoft.EntityFrameworkCore;
using Ordering.Persistence;

namespace Ordering.Features.Saga;

/// <summary>The catalog reserved the stock: a pending order is confirmed (a cancelled one stays cancelled).</summary>
internal sealed class ConfirmOrderOnStockReserved(OrderingDbContext db, TimeProvider clock) : IIntegrationEventHandler<StockReserved>
{
    public async Task Handle(StockReserved reserved, Guid eventId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == reserved.OrderId, cancellationToken);
        order?.Confirm(clock.GetUtcNow().UtcDateTime);
    }
}

/// <summary>The catalog could not reserve the stock: a pending order is rejected, saying which product was short.</summary>
internal sealed class RejectOrderOnStockReservationRejected(OrderingDbContext db, TimeProvider clock) : IIntegrationEventHandler<StockReservationRejected>
{
    public async Task Handle(StockReservationRejected rejected, Guid eventId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == rejected.OrderId, cancellationToken);
        order?.Reject(rejected.Reason, clock.GetUtcNow().UtcDateTime);
    }
}
