using BuildingBlocks.Messaging;
using Cart.Persistence;
using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;

namespace Cart.Features.Checkout;

/// <summary>
/// Removes from the cart the lines that became the order. A line changed since the checkout is the
/// user's newer intent and stays.
/// </summary>
internal sealed class EmptyCartOnOrderPlaced(CartDbContext db, TimeProvider clock) : IIntegrationEventHandler<OrderPlaced>
{
    public async Task Handle(OrderPlaced placed, Guid eventId, CancellationToken cancellationToken)
    {
        if (!placed.FromCart)
        {
            return;
        }

        var cart = await db.Carts.FirstOrDefaultAsync(c => c.CustomerId == placed.CustomerId, cancellationToken);
        if (cart is null)
        {
            return;
        }

        var ordered = placed.Lines.ToDictionary(l => l.ProductId, l => l.Quantity);
        var removed = cart.Lines.RemoveAll(l => ordered.TryGetValue(l.ProductId, out var quantity) && quantity == l.Quantity);
        if (removed > 0)
        {
            cart.Version++;
            cart.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }
    }
}
