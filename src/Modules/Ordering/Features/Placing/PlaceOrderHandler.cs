using BuildingBlocks.Contracts;
using BuildingBlocks.Messaging;
using BuildingBlocks.Modules;
using Catalog.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordering.Contracts;
using Ordering.Domain;
using Ordering.Persistence;

namespace Ordering.Features.Placing;

/// <summary>
/// Prices the lines at the catalog's current prices, stores the order and its <see cref="OrderPlaced"/>
/// event in one transaction. The (customer, key) pair is unique, so a retry returns the first order. Unless the
/// customer is exempt, the order must fit the <see cref="CustomerLimits"/>, checked and stored while holding the
/// customer's <see cref="CustomerGate"/>, so that parallel orders of one customer are counted one after the other.
/// </summary>
internal sealed class PlaceOrderHandler(
    OrderingDbContext db, IModuleClient modules, TimeProvider clock, IOptions<CustomerLimits> limits)
    : IRequestHandler<PlaceOrder, ContractResult<OrderDetails>>
{
    public async ValueTask<ContractResult<OrderDetails>> Handle(PlaceOrder command, CancellationToken cancellationToken)
    {
        if (await db.FindOrderByKey(command.CustomerId, command.IdempotencyKey, cancellationToken) is { } existing)
        {
            return existing.ToDetails();
        }

        var productIds = command.Items.Select(i => i.ProductId).ToList();
        var prices = (await modules.Query(new GetProductPrices(productIds), cancellationToken))
            .ToDictionary(p => p.ProductId);
        var items = command.Items;
        if (command.SkipUnavailableProducts)
        {
            items = items.Where(i => prices.ContainsKey(i.ProductId)).ToList();
            if (items.Count == 0)
            {
                return ContractError.Conflict("None of the products to order is available any more.");
            }
        }

        var unknown = items.Select((item, index) => (item, index)).Where(x => !prices.ContainsKey(x.item.ProductId))
            .ToList();
        if (unknown.Count > 0)
        {
            return new ContractError(ErrorCodes.Validation, "Some products do not exist.", unknown.ToDictionary(
                x => $"items[{x.index}].productId", x => new[] { $"Product {x.item.ProductId} does not exist." }));
        }

        var order = Order.Place(command, items.Select(i => (prices[i.ProductId], i.Quantity)).ToList(), clock);
        // Without a limit to check, reading the customer's open orders (all of them) and queueing behind their gate
        // would only cost: the same key racing itself is answered by StoreAsync either way.
        return command.ExemptFromCustomerLimits || limits.Value.Off
            ? await StoreAsync(command, order, cancellationToken)
            : await StoreWithinLimitsAsync(command, order, cancellationToken);
    }

    private async Task<ContractResult<OrderDetails>> StoreWithinLimitsAsync(
        PlaceOrder command, Order order, CancellationToken cancellationToken)
    {
        await db.EnsureGateAsync(command.CustomerId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.PassGateAsync(command.CustomerId, cancellationToken);

        // Whoever held the gate before us may have been a request with this very key.
        if (await db.FindOrderByKey(command.CustomerId, command.IdempotencyKey, cancellationToken) is { } raced)
        {
            return raced.ToDetails();
        }

        var (openOrders, openUnits) = await db.OpenHoldingsAsync(command.CustomerId, cancellationToken);
        if (limits.Value.Check(openOrders, openUnits, order.Lines.Select(l => (l.ProductId, l.Quantity))) is
            { } refused)
        {
            return refused;
        }

        var stored = await StoreAsync(command, order, cancellationToken);
        if (db.Database.CurrentTransaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return stored;
    }

    private async Task<ContractResult<OrderDetails>> StoreAsync(
        PlaceOrder command, Order order, CancellationToken cancellationToken)
    {
        db.Orders.Add(order);
        var placed = order.Lines.Select(l => new OrderPlacedLine(l.ProductId, l.Quantity)).ToList();
        db.AddIntegrationEvent(new OrderPlaced(order.Id, order.CustomerId, placed), clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same key won a race with us: answer with the order it created. A failed statement ends a
            // PostgreSQL transaction, so ours (if any) is rolled back before looking.
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.RollbackAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            var existing = await db.FindOrderByKey(command.CustomerId, command.IdempotencyKey, cancellationToken);
            return existing?.ToDetails() ?? throw new InvalidOperationException("The order could not be stored.");
        }

        return order.ToDetails();
    }
}
