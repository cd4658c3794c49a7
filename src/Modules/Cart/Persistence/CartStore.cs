using BuildingBlocks.Contracts;
using Cart.Domain;
using Microsoft.EntityFrameworkCore;

namespace Cart.Persistence;

/// <summary>
/// Loads, changes and saves a cart under its version. A change that loses a race is re-applied on the
/// fresh cart, so parallel requests never lose an update; with <c>If-Match</c>, a stale version is 412.
/// </summary>
internal sealed class CartStore(CartDbContext db, TimeProvider clock)
{
    private const int Attempts = 20;

    // What RemoveOrdered's change answers when the order was already taken out: Save then stores nothing. It never
    // leaves this class (RemoveOrdered returns no result).
    private static readonly ContractError AlreadyDone = ContractError.Conflict("Already done.");

    // The hottest read of the module (every GET /api/cart), compiled once, so a call skips building the LINQ
    // expression, extracting its parameters and looking it up in EF's query cache. One row a line (one row for a cart
    // without lines, none without a cart), flat: no included collection to shape. Not tracked: nothing is saved.
    private static readonly Func<CartDbContext, Guid, IAsyncEnumerable<CartRow>> ReadRows =
        EF.CompileAsyncQuery((CartDbContext context, Guid customerId) =>
            from cart in context.Carts.AsNoTracking()
            where cart.CustomerId == customerId
            from line in cart.Lines.DefaultIfEmpty()
            select new CartRow(cart.Version, cart.UpdatedAt, (Guid?)line!.ProductId, (int?)line.Quantity));

    // A change's load, tracked: the cart, then its lines, which EF attaches to the cart's Lines as they are tracked.
    private static readonly Func<CartDbContext, Guid, CancellationToken, Task<ShoppingCart?>> LoadCart =
        EF.CompileAsyncQuery((CartDbContext context, Guid customerId, CancellationToken _) =>
            context.Carts.FirstOrDefault(c => c.CustomerId == customerId));

    private static readonly Func<CartDbContext, Guid, IAsyncEnumerable<CartLine>> LoadLines =
        EF.CompileAsyncQuery((CartDbContext context, Guid customerId) => context.Set<CartLine>()
            .Where(l => EF.Property<Guid>(l, CartLineConfiguration.CustomerId) == customerId));

    public async Task<ShoppingCart?> Read(Guid customerId, CancellationToken cancellationToken)
    {
        ShoppingCart? cart = null;
        await foreach (var row in ReadRows(db, customerId).WithCancellation(cancellationToken))
        {
            cart ??= new ShoppingCart { CustomerId = customerId, Version = row.Version, UpdatedAt = row.UpdatedAt };
            if (row.ProductId is { } productId)
            {
                cart.Lines.Add(new CartLine { ProductId = productId, Quantity = row.Quantity!.Value });
            }
        }

        return cart;
    }

    public Task<ContractResult<ShoppingCart>> Change(
        Guid customerId, long? expectedVersion, Func<ShoppingCart, ContractError?> change,
        CancellationToken cancellationToken) =>
        Change(customerId, expectedVersion, cart => Task.FromResult(change(cart)), cancellationToken);

    /// <summary>A change under <c>If-Match</c>: a stale version is refused before the change looks at anything.</summary>
    public Task<ContractResult<ShoppingCart>> Change(
        Guid customerId, long? expectedVersion, Func<ShoppingCart, Task<ContractError?>> change,
        CancellationToken cancellationToken) =>
        Save(customerId, cart => expectedVersion is not null && expectedVersion != cart.Version
            ? Task.FromResult<ContractError?>(
                ContractError.PreconditionFailed("The cart changed since you read it; reload it and retry."))
            : change(cart), cancellationToken);

    /// <summary>
    /// Takes an order's lines out of the cart and records that it did, in one save under the cart's version: once per
    /// order, however often a checkout is retried, and on the cart as it is now (lines added since stay).
    /// </summary>
    public Task RemoveOrdered(
        Guid customerId, Guid orderId, IReadOnlyList<(Guid ProductId, int Quantity)> lines,
        CancellationToken cancellationToken) =>
        Save(customerId, async cart =>
        {
            if (await db.CompletedCheckouts.AnyAsync(c => c.OrderId == orderId, cancellationToken))
            {
                return AlreadyDone;
            }

            cart.RemoveOrdered(lines);
            db.CompletedCheckouts.Add(new CompletedCheckout
            {
                OrderId = orderId, CustomerId = customerId, CompletedAt = clock.GetUtcNow().UtcDateTime,
            });
            return null;
        }, cancellationToken);

    private async Task<ContractResult<ShoppingCart>> Save(
        Guid customerId, Func<ShoppingCart, Task<ContractError?>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cart = await LoadCart(db, customerId, cancellationToken);
            var isNew = cart is null;
            if (cart is not null)
            {
                // Tracked, so EF attaches them to cart.Lines.
                await LoadLines(db, customerId).ToListAsync(cancellationToken);
            }

            cart ??= new ShoppingCart { CustomerId = customerId };
            if (await change(cart) is { } refused)
            {
                db.ChangeTracker.Clear();
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
                // Another request saved this cart first (or created it, or recorded the same checkout): start again
                // from what it saved.
                db.ChangeTracker.Clear();
            }
        }
    }

    private sealed record CartRow(long Version, DateTime UpdatedAt, Guid? ProductId, int? Quantity);
}
