using System.Net;
using TestSupport;

namespace Commerce.Tests;

/// <summary>
/// M4 (issue #14): one customer cannot reserve a product's whole stock. The defaults (10 units of one product across
/// open orders, 5 open orders) bind every customer, through <c>POST /api/orders</c> and the cart's checkout alike;
/// admins are exempt. Each refusal is a 409 problem naming the limit, and changes nothing.
/// </summary>
public sealed class CustomerLimitTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task M4_two_orders_cannot_hold_more_than_ten_units_of_a_product_and_the_next_customer_still_buys()
    {
        var admin = await shop.Admin();
        var product = await Shop.CreateProduct(admin, stock: 120);
        var hoarder = await shop.Customer();

        await Shop.Expect(await Shop.PlaceOrder(hoarder, "first", (product, 8)), HttpStatusCode.Created, "8 units");
        using var second = await Shop.PlaceOrder(hoarder, "second", (product, 3));
        await ExpectLimit(second, "10 units of one product");
        await Shop.Expect(await Shop.PlaceOrder(hoarder, "third", (product, 2)), HttpStatusCode.Created, "10 units");

        var other = await shop.Customer();
        using var placed = await Shop.PlaceOrder(other, "other", (product, 10));
        await Shop.Expect(placed, HttpStatusCode.Created, "another customer's order");
        var order = await Shop.OrderReaching(other, (await placed.Json())["id"]!.GetValue<Guid>(), "Confirmed");
        Assert.Equal("Confirmed", order["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task M4_the_cart_checkout_is_bound_by_the_units_limit_and_keeps_the_cart()
    {
        var admin = await shop.Admin();
        var product = await Shop.CreateProduct(admin, stock: 120);
        var customer = await shop.Customer();
        await Shop.Expect(await Shop.AddToCart(customer, product, 11), HttpStatusCode.OK, "11 in the cart");

        using var checkout = await Shop.Checkout(customer, "too-many");
        await ExpectLimit(checkout, "10 units of one product");

        Assert.Equal(11, (await (await customer.GetAsync("/api/cart")).Json())["totalQuantity"]!.GetValue<int>());
        Assert.Equal(0, (await (await customer.GetAsync("/api/orders")).Json())["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task M4_a_sixth_open_order_is_refused_a_retry_keeps_its_first_answer_and_a_cancel_makes_room()
    {
        var admin = await shop.Admin();
        var product = await Shop.CreateProduct(admin, stock: 120);
        var customer = await shop.Customer();
        var ids = new List<Guid>();
        for (var n = 1; n <= 5; n++)
        {
            using var placed = await Shop.PlaceOrder(customer, $"open-{n}", (product, 1));
            await Shop.Expect(placed, HttpStatusCode.Created, $"open order {n}");
            ids.Add((await placed.Json())["id"]!.GetValue<Guid>());
        }

        using var sixth = await Shop.PlaceOrder(customer, "open-6", (product, 1));
        await ExpectLimit(sixth, "5 open orders");
        await Shop.Expect(await Shop.AddToCart(customer, product, 1), HttpStatusCode.OK, "one in the cart");
        await ExpectLimit(await Shop.Checkout(customer, "checkout-6"), "5 open orders");

        // The fifth order's key still answers with the fifth order, not with the limit.
        using var retry = await Shop.PlaceOrder(customer, "open-5", (product, 1));
        await Shop.Expect(retry, HttpStatusCode.Created, "retry of the fifth order");
        Assert.Equal(ids[4], (await retry.Json())["id"]!.GetValue<Guid>());

        // A refusal does not use up its key: once an order is cancelled, the same key places the order.
        await Shop.Expect(
            await customer.PostAsync($"/api/orders/{ids[0]}/cancel", null), HttpStatusCode.OK, "cancel one");
        await Shop.Expect(await Shop.PlaceOrder(customer, "open-6", (product, 1)), HttpStatusCode.Created, "sixth");
        Assert.Equal(6, (await (await customer.GetAsync("/api/orders")).Json())["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task M4_parallel_orders_of_one_customer_never_pass_the_limits_together()
    {
        var admin = await shop.Admin();
        var product = await Shop.CreateProduct(admin, stock: 120);
        var customer = await shop.Customer();

        // Twelve orders of 3 units at once: at most 3 of them fit the 10 units (and the 5 orders).
        var answers = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(n => Shop.PlaceOrder(customer, $"parallel-{n}", (product, 3))));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, Allowed));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, (await (await customer.GetAsync("/api/orders")).Json())["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task M4_admins_are_exempt()
    {
        var admin = await shop.Admin();
        var product = await Shop.CreateProduct(admin, stock: 500);

        for (var n = 1; n <= 6; n++)
        {
            await Shop.Expect(
                await Shop.PlaceOrder(admin, $"admin-{Guid.NewGuid()}", (product, 20)),
                HttpStatusCode.Created,
                $"admin order {n}");
        }

        await Shop.Expect(await Shop.AddToCart(admin, product, 20), HttpStatusCode.OK, "admin cart");
        await Shop.Expect(await Shop.Checkout(admin, $"admin-{Guid.NewGuid()}"), HttpStatusCode.Created, "checkout");
    }

    private static readonly HttpStatusCode[] Allowed = [HttpStatusCode.Created, HttpStatusCode.Conflict];

    private static async Task ExpectLimit(HttpResponseMessage response, string limit)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        Assert.Equal(409, problem["status"]!.GetValue<int>());
        Assert.Contains(limit, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
