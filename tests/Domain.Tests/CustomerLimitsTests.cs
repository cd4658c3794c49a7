using Ordering.Domain;

namespace Domain.Tests;

public sealed class CustomerLimitsTests
{
    private static readonly Guid Mug = Guid.NewGuid();
    private static readonly Guid Tea = Guid.NewGuid();
    private static readonly CustomerLimits Limits = new() { UnitsPerProduct = 10, OpenOrders = 5 };

    [Fact]
    public void M4_an_order_that_keeps_every_product_at_the_limit_fits()
    {
        Assert.Null(Limits.Check(4, new Dictionary<Guid, int> { [Mug] = 7 }, [(Mug, 3), (Tea, 10)]));
    }

    [Fact]
    public void M4_one_unit_past_the_limit_of_a_product_is_a_conflict_that_names_the_units_limit()
    {
        var refused = Limits.Check(1, new Dictionary<Guid, int> { [Mug] = 7 }, [(Tea, 1), (Mug, 4)]);

        Assert.NotNull(refused);
        Assert.Equal(BuildingBlocks.Contracts.ErrorCodes.Conflict, refused.Code);
        Assert.Contains("10 units of one product", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Mug.ToString(), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void M4_a_single_order_past_the_units_limit_is_refused_with_nothing_open()
    {
        Assert.NotNull(Limits.Check(0, new Dictionary<Guid, int>(), [(Mug, 11)]));
    }

    [Fact]
    public void M4_the_open_orders_limit_counts_the_orders_held_already()
    {
        Assert.Null(Limits.Check(4, new Dictionary<Guid, int>(), [(Mug, 1)]));

        var refused = Limits.Check(5, new Dictionary<Guid, int>(), [(Mug, 1)]);

        Assert.NotNull(refused);
        Assert.Contains("5 open orders", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void M4_zero_turns_a_limit_off()
    {
        var off = new CustomerLimits { UnitsPerProduct = 0, OpenOrders = 0 };

        Assert.Null(off.Check(1000, new Dictionary<Guid, int> { [Mug] = 1000 }, [(Mug, 99)]));
    }

    [Fact]
    public void M4_the_defaults_are_ten_units_and_five_open_orders()
    {
        var defaults = new CustomerLimits();

        Assert.Equal((10, 5), (defaults.UnitsPerProduct, defaults.OpenOrders));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(10, 0, false)]
    [InlineData(0, 5, false)]
    [InlineData(10, 5, false)]
    public void M4_limits_are_off_only_when_both_are_zero_and_then_refuse_nothing(int units, int orders, bool off)
    {
        var limits = new CustomerLimits { UnitsPerProduct = units, OpenOrders = orders };

        Assert.Equal(off, limits.Off);
        // The order handler skips the check when Off: that must never let through an order Check would refuse.
        var refused = limits.Check(500, new Dictionary<Guid, int> { [Mug] = 500 }, [(Mug, 500)]);
        Assert.Equal(off, refused is null);
    }
}
