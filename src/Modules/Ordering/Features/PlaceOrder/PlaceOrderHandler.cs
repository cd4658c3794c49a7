using BuildingBlocks.Contracts;
using BuildingBlocks.Messaging;
using BuildingBlocks.Modules;
using Catalog.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;
using Ordering.Domain;
using Ordering.Persistence;

namespace Ordering.Features.PlaceOrder;

/// <summary>
/// Prices the lines at the catalog's current prices, stores the order and its <see cref="OrderPlaced"/>
/// event in one transaction. The (customer, key) pair is unique, so a retry returns the first order.
/// </summary>
internal sealed class PlaceOrderHandler(OrderingDbContext db, IModuleClient modules, TimeProvider clock)
    : IRequestHandler<Contracts.PlaceOrder, ContractResult<OrderDetails>>
{
    public async ValueTask<ContractResult<OrderDetails>> Handle(Contracts.PlaceOrder command, CancellationToken cancellationToken)
    {
        var existing = await Find(command, cancellationToken);
        if (existing is not null)
        {
            return existing.ToDetails();
        }

        var prices = (await modules.Query(new GetProductPrices(command.Items.Select(i => i.ProductId).ToList()), cancellationToken))
            .ToDictionary(p => p.ProductId);
        var items = command.Items;
        if (command.FromCart)
        {
            // A cart line whose product was deleted is not shown in the cart, so it is not ordered either.
            items = items.Where(i => prices.ContainsKey(i.ProductId)).ToList();
            if (items.Count == 0)
            {
                return ContractError.Conflict("The cart is empty.");
            }
        }

        var unknown = items.Select((item, index) => (item, index)).Where(x => !prices.ContainsKey(x.item.ProductId)).ToList();
        if (unknown.Count > 0)
        {
            return new ContractError(ErrorCodes.Validation, "Some products do not exist.", unknown.ToDictionary(
                x => $"items[{x.index}].productId", x => new[] { $"Product {x.item.ProductId} does not exist." }));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var lines = items.Select(i => new OrderLine
        {
            ProductId = i.ProductId, Sku = prices[i.ProductId].Sku, Name = prices[i.ProductId].Name,
            UnitPrice = prices[i.ProductId].UnitPrice, Quantity = i.Quantity,
        }).ToList();
        var address = command.ShippingAddress;
        var order = new Order
        {
            CustomerId = command.CustomerId,
            IdempotencyKey = command.IdempotencyKey,
            Lines = lines,
            Total = lines.Sum(l => l.LineTotal),
            Currency = prices.Values.First().Currency,
            ShippingAddress = new Address
            {
                Name = address.Name, Line1 = address.Line1, Line2 = string.IsNullOrEmpty(address.Line2) ? null : address.Line2,
                City = address.City, PostalCode = address.PostalCode, Country = address.Country,
            },
            CreatedAt = now,
            UpdatedAt = now,
            FromCart = command.FromCart,
        };
        db.Orders.Add(order);
        db.AddIntegrationEvent(new OrderPlaced(order.Id, order.CustomerId, lines.Select(l => new OrderPlacedLine(l.ProductId, l.Quantity)).ToList(), command.FromCart), clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same key won a race with us: answer with the order it created.
            db.ChangeTracker.Clear();
            existing = await Find(command, cancellationToken);
            return existing?.ToDetails() ?? throw new InvalidOperationException("The order could not be stored.");
        }

        return order.ToDetails();
    }

    private Task<Order?> Find(Contracts.PlaceOrder command, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.CustomerId == command.CustomerId && o.IdempotencyKey == command.IdempotencyKey, cancellationToken);
}
