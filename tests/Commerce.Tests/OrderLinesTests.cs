using System.Net;

namespace Commerce.Tests;

/// <summary>
/// An order's lines are rows of their own, which the reads load beside the order (not with it): every answer about an
/// order must still carry them.
/// </summary>
public sealed class OrderLinesTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task Every_answer_about_an_order_carries_its_lines()
    {
        var admin = await shop.Admin();
        var mug = await Shop.CreateProduct(admin, stock: 100);
        var poster = await Shop.CreateProduct(admin, stock: 100);
        var customer = await shop.Customer();
        var expected = new Dictionary<Guid, int> { [mug] = 2, [poster] = 1 };

        var placed = await Shop.PlaceOrder(customer, "lines-everywhere", (mug, 2), (poster, 1));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await placed.Json();
        Assert.Equal(expected, order.Quantities());
        var id = order["id"]!.GetValue<Guid>();

        Assert.Equal(expected, (await (await customer.GetAsync($"/api/orders/{id}")).Json()).Quantities());
        var list = (await (await customer.GetAsync("/api/orders")).Json())["items"]!.AsArray();
        Assert.Equal(expected, list.Single(o => o!["id"]!.GetValue<Guid>() == id)!.Quantities());

        var cancelled = await customer.PostAsync($"/api/orders/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(expected, (await cancelled.Json()).Quantities());
        Assert.Equal(expected, (await (await customer.GetAsync($"/api/orders/{id}")).Json()).Quantities());
    }
}
