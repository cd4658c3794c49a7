using BuildingBlocks.Contracts;
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
    public bool FromCart { get; init; }

    /// <summary>Optimistic concurrency: a cancel racing the saga's confirmation never overwrites it silently.</summary>
    public long Version { get; private set; } = 1;

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
        Move(OrderStatus.Confirmed, OrderStatus.Shipped, now) ? null : ContractError.Conflict($"An order that is {Status} cannot be shipped.");

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
        Lines.Select(l => new OrderLineDetails(l.ProductId, l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal)).ToList(),
        Total, Currency,
        new ShippingAddress(ShippingAddress.Name, ShippingAddress.Line1, ShippingAddress.Line2, ShippingAddress.City, ShippingAddress.PostalCode, ShippingAddress.Country),
        CreatedAt, UpdatedAt, RejectionReason);
}

internal sealed class OrderLine
{
    public Guid ProductId { get; init; }
    public required string Sku { get; init; }
    public required string Name { get; init; }
    public decimal UnitPrice { get; init; }
    public int Quantity { get; init; }
    public decimal LineTotal => UnitPrice * Quantity;
}

internal sealed class Address
{
    public required string Name { get; init; }
    public required string Line1 { get; init; }
    public string? Line2 { get; init; }
    public required string City { get; init; }
    public required string PostalCode { get; init; }
    public required string Country { get; init; }
}
