using BuildingBlocks.Contracts;
using Cart.Domain;
using Cart.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Cart.Features;

/// <summary>
/// Loads, changes and saves a cart under its version. A change that loses a race is re-applied on the
/// fresh cart, so parallel requests never lose an update; with <c>If-Match</c>, a stale version is 412.
/// </summary>
internal sealed class CartStore(CartDbContext db, TimeProvider clock)
{
    private const int Attempts = 20;

    // The hottest read of the module (every GET /api/cart): compiled once, so a call skips building the LINQ
    // expression, extracting its parameters and looking it up in EF's query cache. Not tracked: nothing is saved.
    private static readonly Func<CartDbContext, Guid, CancellationToken, Task<ShoppingCart?>> ReadCart =
        EF.CompileAsyncQuery((CartDbContext context, Guid customerId, CancellationToken _) =>
            context.Carts.AsNoTracking().FirstOrDefault(c => c.CustomerId == customerId));

    public Task<ShoppingCart?> Read(Guid customerId, CancellationToken cancellationToken) => ReadCart(db, customerId, cancellationToken);

    public async Task<ContractResult<ShoppingCart>> Change(Guid customerId, long? expectedVersion, Func<ShoppingCart, ContractError?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cart = await db.Carts.FirstOrDefaultAsync(c => c.CustomerId == customerId, cancellationToken);
            var isNew = cart is null;
            cart ??= new ShoppingCart { CustomerId = customerId };
            if (expectedVersion is not null && expectedVersion != cart.Version)
            {
                return ContractError.PreconditionFailed("The cart changed since you read it; reload it and retry.");
            }

            if (change(cart) is { } refused)
            {
                return refused;
            }

            cart.Version++;
            cart.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            if (isNew)
            {
                db.Carts.Add(cart);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return cart;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another request saved this cart first (or created it): start again from what it saved.
                db.ChangeTracker.Clear();
            }
        }
    }
}
