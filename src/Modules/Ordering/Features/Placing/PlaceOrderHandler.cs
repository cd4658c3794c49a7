using BuildingBlocks.Contracts;
using BuildingBlocks.Messaging;
using BuildingBlocks.Modules;
using Catalog.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;
using Ordering.Domain;
using Ordering.Persistence;

namespace Ordering.Features.Placing;

/// <summary>
/// Prices the lines at the catalog's current prices, stores the order and its <see cref="OrderPlaced"/>
/// event in one transaction. The (customer, key) pair is unique, so a retry returns the first order.
/// </summary>
internal sealed class PlaceOrderHandler(OrderingDbContext db, IModuleClient modules, TimeProvider clock)
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
        db.Orders.Add(order);
        var placed = order.Lines.Select(l => new OrderPlacedLine(l.ProductId, l.Quantity)).ToList();
        db.AddIntegrationEvent(new OrderPlaced(order.Id, order.CustomerId, placed), clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same key won a race with us: answer with the order it created.
            db.ChangeTracker.Clear();
            existing = await db.FindOrderByKey(command.CustomerId, command.IdempotencyKey, cancellationToken);
            return existing?.ToDetails() ?? throw new InvalidOperationException("The order could not be stored.");
        }

        return order.ToDetails();
    }
}
