using System.Net;

namespace EndToEnd.Tests;

/// <summary>The checkout saga: Cart -> PlaceOrder (Ordering) -> OrderPlaced -> Catalog reserves -> Ordering confirms or
/// rejects.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class CheckoutTests(Deployment shop)
{
    private static readonly TimeSpan Saga = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Checkout_places_an_order_that_the_saga_confirms_and_the_cart_empties()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 5, price: 12.50m);
        using var customer = await Accounts.Customer(shop);
        await Shop.Expect(await Shop.AddToCart(customer, product, 2), HttpStatusCode.OK, "adding to the cart");

        using var checkout = await Shop.Checkout(customer, Guid.NewGuid().ToString());
        var placed = await checkout.Json();
        var orderId = placed["id"]!.GetValue<Guid>();
        var order = await Shop.OrderReaching(customer, orderId, Saga, "Confirmed");
        var cart = await Eventually.Until(async () => await (await customer.GetAsync("/api/cart")).Json(),
            c => c["totalQuantity"]!.GetValue<int>() == 0, Saga, "the ordered lines should leave the cart");

        Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
        Assert.Equal($"/api/orders/{orderId}", checkout.Headers.Location?.OriginalString);
        Assert.Equal(25.00m, order["total"]!.GetValue<decimal>());
        Assert.Empty(cart["items"]!.AsArray());
        Assert.Equal(3, await Shop.Stock(admin, product));
    }

    [Fact]
    public async Task A_buyer_alternating_add_and_checkout_fifty_times_orders_exactly_what_was_added_each_time()
    {
        using var admin = await Accounts.Admin(shop);
        var mug = await Shop.CreateProduct(admin, stock: 1000);
        using var customer = await Accounts.Customer(shop);

        // On the scaled and split topologies the saga's events come back through the broker, milliseconds to seconds
        // later: the cart must not wait for them to forget what it ordered, nor let them take a later add away.
        for (var round = 1; round <= 50; round++)
        {
            await Shop.Expect(await Shop.AddToCart(customer, mug, 1), HttpStatusCode.OK, $"round {round}: add");
            using var checkout = await Shop.Checkout(customer, $"alternating-{round}");
            await Shop.Expect(checkout, HttpStatusCode.Created, $"round {round}: checkout");
            var line = Assert.Single((await checkout.Json())["items"]!.AsArray())!;
            Assert.Equal(mug, line["productId"]!.GetValue<Guid>());
            Assert.Equal(1, line["quantity"]!.GetValue<int>());
        }

        Assert.Equal(0, (await (await customer.GetAsync("/api/cart")).Json())["totalQuantity"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_order_for_more_than_the_stock_is_rejected_and_takes_nothing()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 1);
        using var customer = await Accounts.Customer(shop);

        using var placed = await Shop.PlaceOrder(customer, Guid.NewGuid().ToString(), (product, 2));
        var order = await Shop.OrderReaching(
            customer,
            (await placed.Json())["id"]!.GetValue<Guid>(),
            Saga,
            "Confirmed",
            "Rejected");

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal("Rejected", order["status"]!.GetValue<string>());
        Assert.Contains(
            product.ToString(),
            order["rejectionReason"]!.GetValue<string>(),
            StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await Shop.Stock(admin, product));
    }

    [Fact]
    public async Task Cancelling_a_confirmed_order_gives_the_stock_back()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 4);
        using var customer = await Accounts.Customer(shop);
        using var placed = await Shop.PlaceOrder(customer, Guid.NewGuid().ToString(), (product, 3));
        var orderId = (await placed.Json())["id"]!.GetValue<Guid>();
        await Shop.OrderReaching(customer, orderId, Saga, "Confirmed");
        var reserved = await Shop.Stock(admin, product);

        using var cancel = await customer.PostAsync($"/api/orders/{orderId}/cancel", null);
        var released = await Eventually.Until(
            () => Shop.Stock(admin, product),
            stock => stock == 4,
            Saga,
            "the reserved stock should come back");

        Assert.Equal(1, reserved);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("Cancelled", (await cancel.Json())["status"]!.GetValue<string>());
        Assert.Equal(4, released);
    }
}
