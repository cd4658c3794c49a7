using Catalog.Contracts;
using Ordering.Contracts;
using Ordering.Domain;

namespace Domain.Tests;

public sealed class OrderStateMachineTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_placed_order_is_pending_at_version_one()
    {
        var order = Orders.Placed();

        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal(1, order.Version);
    }

    [Fact]
    public void Pending_confirms_then_ships_and_each_step_bumps_the_version()
    {
        var order = Orders.Placed();

        Assert.True(order.Confirm(Now));
        Assert.Null(order.Ship(Now.AddMinutes(1)));

        Assert.Equal(OrderStatus.Shipped, order.Status);
        Assert.Equal(3, order.Version);
        Assert.Equal(Now.AddMinutes(1), order.UpdatedAt);
    }

    [Fact]
    public void Only_a_pending_order_is_confirmed_or_rejected()
    {
        var cancelled = Orders.Placed();
        Assert.Null(cancelled.Cancel(Now));

        Assert.False(cancelled.Confirm(Now));
        Assert.False(cancelled.Reject("late", Now));
        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Null(cancelled.RejectionReason);
    }

    [Fact]
    public void A_rejection_keeps_its_reason_and_cannot_be_cancelled()
    {
        var order = Orders.Placed();

        Assert.True(order.Reject("Not enough stock for product MUG-1.", Now));
        var refused = order.Cancel(Now);

        Assert.Equal("Not enough stock for product MUG-1.", order.RejectionReason);
        Assert.Equal(ErrorCodesOf.Conflict, refused?.Code);
        Assert.Equal(OrderStatus.Rejected, order.Status);
    }

    [Theory]
    [InlineData(OrderStatus.Pending, true)]
    [InlineData(OrderStatus.Confirmed, true)]
    [InlineData(OrderStatus.Shipped, false)]
    [InlineData(OrderStatus.Cancelled, false)]
    [InlineData(OrderStatus.Rejected, false)]
    public void Cancel_is_allowed_from_pending_and_confirmed_only(OrderStatus from, bool allowed)
    {
        var order = Orders.In(from);
        var version = order.Version;

        var refused = order.Cancel(Now);

        Assert.Equal(allowed, refused is null);
        Assert.Equal(allowed ? OrderStatus.Cancelled : from, order.Status);
        Assert.Equal(allowed ? version + 1 : version, order.Version);
    }

    [Theory]
    [InlineData(OrderStatus.Pending)]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Rejected)]
    public void Only_a_confirmed_order_ships(OrderStatus from)
    {
        var order = Orders.In(from);

        Assert.Contains($"is {from}", order.Ship(Now)?.Message);
        Assert.Equal(from, order.Status);
    }

    [Fact]
    public void Line_totals_and_the_total_are_exact_at_two_decimals()
    {
        var order = Orders.Placed((19.99m, 3), (0.10m, 7), (1_000_000m, 99));

        Assert.Equal([59.97m, 0.70m, 99_000_000m], order.Lines.Select(l => l.LineTotal));
        Assert.Equal(99_000_060.67m, order.Total);
        Assert.Equal("EUR", order.Currency);
    }

    [Fact]
    public void An_empty_second_address_line_is_stored_as_none()
    {
        Assert.Null(Orders.Placed().ShippingAddress.Line2);
    }
}

internal static class ErrorCodesOf
{
    public const string Conflict = BuildingBlocks.Contracts.ErrorCodes.Conflict;
}

internal static class Orders
{
    public static Order Placed(params (decimal Price, int Quantity)[] lines)
    {
        if (lines.Length == 0)
        {
            lines = [(10m, 1)];
        }

        var priced = lines.Select((l, i) =>
            (new ProductPrice(Guid.NewGuid(), $"SKU-{i}", $"Product {i}", l.Price, "EUR"), l.Quantity)).ToList();
        var command = new PlaceOrder(Guid.NewGuid(), "orders:k",
            priced.Select(p => new OrderItemRequest(p.Item1.ProductId, p.Quantity)).ToList(),
            new ShippingAddress("Ada Lovelace", "1 Analytical St", "", "London", "N1 7AA", "GB"),
            SkipUnavailableProducts: false);
        return Order.Place(command, priced, TimeProvider.System);
    }

    public static Order In(OrderStatus status)
    {
        var order = Placed();
        var now = DateTime.UtcNow;
        _ = status switch
        {
            OrderStatus.Pending => true,
            OrderStatus.Confirmed => order.Confirm(now),
            OrderStatus.Rejected => order.Reject("short", now),
            OrderStatus.Shipped => order.Confirm(now) && order.Ship(now) is null,
            OrderStatus.Cancelled => order.Cancel(now) is null,
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        Assert.Equal(status, order.Status);
        return order;
    }
}
