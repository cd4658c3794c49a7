using Cart.Domain;

namespace Domain.Tests;

public sealed class ShoppingCartTests
{
    private static readonly Guid Mug = Guid.NewGuid(), Tea = Guid.NewGuid();

    [Fact]
    public void Adding_a_product_twice_merges_into_one_line()
    {
        var cart = new ShoppingCart();

        Assert.Null(cart.Add(Mug, 2));
        Assert.Null(cart.Add(Mug, 3));

        Assert.Equal(5, Assert.Single(cart.Lines).Quantity);
    }

    [Fact]
    public void A_line_holds_at_most_99_units_and_a_refused_add_changes_nothing()
    {
        var cart = new ShoppingCart();
        Assert.Null(cart.Add(Mug, 98));

        var refused = cart.Add(Mug, 2);

        Assert.Contains("at most 99 units", refused?.Message);
        Assert.Equal(98, Assert.Single(cart.Lines).Quantity);
        Assert.Null(cart.Add(Mug, 1));
    }

    [Fact]
    public void A_cart_holds_at_most_50_lines_but_a_full_cart_still_changes_its_lines()
    {
        var cart = new ShoppingCart();
        var products = Enumerable.Range(0, ShoppingCart.MaxLines).Select(_ => Guid.NewGuid()).ToList();
        Assert.All(products, p => Assert.Null(cart.Add(p, 1)));

        Assert.Contains("at most 50 lines", cart.Add(Guid.NewGuid(), 1)?.Message);
        Assert.Null(cart.Add(products[0], 1));
        Assert.Null(cart.SetQuantity(products[1], 0));
        Assert.Null(cart.Add(Guid.NewGuid(), 1));
        Assert.Equal(ShoppingCart.MaxLines, cart.Lines.Count);
    }

    [Fact]
    public void Setting_zero_removes_a_line_and_removing_a_missing_line_is_fine()
    {
        var cart = new ShoppingCart();
        cart.Add(Mug, 2);

        Assert.Null(cart.SetQuantity(Mug, 0));
        Assert.Null(cart.SetQuantity(Tea, 0));

        Assert.Empty(cart.Lines);
    }

    [Fact]
    public void Removing_an_order_takes_off_only_the_ordered_units()
    {
        var cart = new ShoppingCart();
        cart.Add(Mug, 3);
        cart.Add(Tea, 1);

        // The order was placed with 1 mug and 1 tea; 2 more mugs were added while it was placed.
        cart.RemoveOrdered([(Mug, 1), (Tea, 1)]);

        Assert.Equal(2, Assert.Single(cart.Lines, l => l.ProductId == Mug).Quantity);
        Assert.DoesNotContain(cart.Lines, l => l.ProductId == Tea);
    }

    [Fact]
    public void Removing_an_order_ignores_lines_the_buyer_already_removed_or_lowered()
    {
        var cart = new ShoppingCart();
        cart.Add(Mug, 1);

        cart.RemoveOrdered([(Mug, 4), (Tea, 2)]);

        Assert.Empty(cart.Lines);
    }
}
