using BuildingBlocks.Messaging;
using Catalog.Contracts;
using Microsoft.EntityFrameworkCore;
using Ordering.Persistence;

namespace Ordering.Features.Saga;

/// <summary>The catalog reserved the stock: a pending order is confirmed (a cancelled one stays cancelled).</summary>
internal sealed class ConfirmOrderOnStockReserved(OrderingDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<StockReserved>
{
    public async Task Handle(StockReserved reserved, Guid eventId, CancellationToken cancellationToken)
    {
        var order = await db.FindTrackedAsync(reserved.OrderId, cancellationToken);
        order?.Confirm(clock.GetUtcNow().UtcDateTime);
    }
}
