using BuildingBlocks.Contracts;
using Catalog.Contracts;
using Ordering.Contracts;

namespace Ordering.Domain;

internal sealed class Order
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; init; }
    public required string IdempotencyKey { get; init; }
    public OrderStatus Status { get; private set; } = OrderStatus.Pending;
    public List<OrderLine> Lines { get; init; } = [];
    public decimal Total { get; init; }
    public required string Currency { get; init; }
    public required Address ShippingAddress { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public string? RejectionReason { get; private set; }

    /// <summary>Optimistic concurrency: a cancel racing the saga's confirmation never overwrites it silently.</summary>
    public long Version { get; private set; } = 1;

    /// <summary>A new, Pending order of the given lines at the given prices; the currency is the prices'.</summary>
    public static Order Place(
        PlaceOrder command,
        IReadOnlyList<(ProductPrice Price, int Quantity)> lines,
        TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var address = command.ShippingAddress;
        var orderLines = lines.Select(l => new OrderLine
        {
            ProductId = l.Price.ProductId, Sku = l.Price.Sku, Name = l.Price.Name,
            UnitPrice = l.Price.UnitPrice, Quantity = l.Quantity,
        }).ToList();
        return new Order
        {
            CustomerId = command.CustomerId,
            IdempotencyKey = command.IdempotencyKey,
            Lines = orderLines,
            Total = orderLines.Sum(l => l.LineTotal),
            Currency = lines[0].Price.Currency,
            ShippingAddress = new Address
            {
                Name = address.Name, Line1 = address.Line1,
                Line2 = string.IsNullOrEmpty(address.Line2) ? null : address.Line2,
                City = address.City, PostalCode = address.PostalCode, Country = address.Country,
            },
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public bool Confirm(DateTime now) => Move(OrderStatus.Pending, OrderStatus.Confirmed, now);

    public bool Reject(string reason, DateTime now)
    {
        if (!Move(OrderStatus.Pending, OrderStatus.Rejected, now))
        {
            return false;
        }

        RejectionReason = reason;
        return true;
    }

    public ContractError? Cancel(DateTime now) =>
        Status is OrderStatus.Pending or OrderStatus.Confirmed && Move(Status, OrderStatus.Cancelled, now)
            ? null
            : ContractError.Conflict($"An order that is {Status} cannot be cancelled.");

    public ContractError? Ship(DateTime now) =>
        Move(OrderStatus.Confirmed, OrderStatus.Shipped, now)
            ? null
            : ContractError.Conflict($"An order that is {Status} cannot be shipped.");

    private bool Move(OrderStatus from, OrderStatus to, DateTime now)
    {
        if (Status != from)
        {
            return false;
        }

        Status = to;
        UpdatedAt = now;
        Version++;
        return true;
    }

    public OrderDetails ToDetails() => new(
        Id, Status,
        Lines.Select(l => new OrderLineDetails(l.ProductId, l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal))
            .ToList(),
        Total, Currency,
        new ShippingAddress(ShippingAddress.Name, ShippingAddress.Line1, ShippingAddress.Line2, ShippingAddress.City,
            ShippingAddress.PostalCode, ShippingAddress.Country),
        CreatedAt, UpdatedAt, RejectionReason);
}
