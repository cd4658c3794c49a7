using System.Net;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>No oversell, idempotent order creation and ownership: the promises that must hold in every
/// topology.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class OrderingRulesTests(Deployment shop)
{
    private static readonly TimeSpan Saga = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Concurrent_orders_never_take_more_than_the_stock()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 3);
        var customers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Accounts.Customer(shop)));

        var placed = await Task.WhenAll(customers.Select(async c =>
        {
            using var response = await Shop.PlaceOrder(c, Guid.NewGuid().ToString(), (product, 1));
            await Shop.Expect(response, HttpStatusCode.Created, "placing an order");
            return (await response.Json())["id"]!.GetValue<Guid>();
        }));
        var outcomes = await Task.WhenAll(
            customers.Zip(placed, (c, id) => Shop.OrderReaching(c, id, Saga, "Confirmed", "Rejected")));

        Assert.Equal(3, outcomes.Count(o => Status(o) == "Confirmed"));
        Assert.Equal(3, outcomes.Count(o => Status(o) == "Rejected"));
        Assert.Equal(0, await Shop.Stock(admin, product));
        foreach (var customer in customers)
        {
            customer.Dispose();
        }
    }

    [Fact]
    public async Task Checkout_with_the_same_key_twice_creates_one_order()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 10);
        using var customer = await Accounts.Customer(shop);
        await Shop.Expect(await Shop.AddToCart(customer, product, 1), HttpStatusCode.OK, "adding to the cart");
        var key = Guid.NewGuid().ToString();

        using var first = await Shop.Checkout(customer, key);
        using var again = await Shop.Checkout(customer, key);
        var orders = await (await customer.GetAsync("/api/orders?pageSize=100")).Json();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, orders["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_key_with_another_order_is_422_and_a_missing_key_400_and_neither_places_anything()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 10);
        using var customer = await Accounts.Customer(shop);
        var key = Guid.NewGuid().ToString();

        using var first = await Shop.PlaceOrder(customer, key, (product, 1));
        using var other = await Shop.PlaceOrder(customer, key, (product, 2));
        using var keyless = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = System.Net.Http.Json.JsonContent.Create(
                new { items = new[] { new { productId = product, quantity = 1 } }, shippingAddress = Shop.Address }),
        };
        using var withoutKey = await customer.SendAsync(keyless);
        var orders = await (await customer.GetAsync("/api/orders?pageSize=100")).Json();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutKey.StatusCode);
        Assert.Equal("application/problem+json", withoutKey.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, orders["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Another_customers_order_and_cart_are_out_of_reach()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 10);
        using var owner = await Accounts.Customer(shop);
        using var stranger = await Accounts.Customer(shop);
        await Shop.Expect(await Shop.AddToCart(owner, product, 2), HttpStatusCode.OK, "adding to the cart");
        using var placed = await Shop.PlaceOrder(owner, Guid.NewGuid().ToString(), (product, 1));
        var orderId = (await placed.Json())["id"]!.GetValue<Guid>();

        using var read = await stranger.GetAsync($"/api/orders/{orderId}");
        using var cancel = await stranger.PostAsync($"/api/orders/{orderId}/cancel", null);
        var strangersOrders = await (await stranger.GetAsync("/api/orders")).Json();
        var strangersCart = await (await stranger.GetAsync("/api/cart")).Json();
        using var ownersRead = await owner.GetAsync($"/api/orders/{orderId}");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(0, strangersOrders["totalCount"]!.GetValue<int>());
        Assert.Equal(0, strangersCart["totalQuantity"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, ownersRead.StatusCode);
        Assert.NotEqual("Cancelled", Status(await ownersRead.Json()));
    }

    private static string Status(JsonNode order) => order["status"]!.GetValue<string>();
}
