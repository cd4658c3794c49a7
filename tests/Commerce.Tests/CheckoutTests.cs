using System.Net;
using System.Net.Http.Json;
using TestSupport;

namespace Commerce.Tests;

public sealed class CheckoutTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task Browse_add_checkout_confirms_the_order_and_empties_the_cart()
    {
        var customer = await shop.Customer();
        var catalog = await (await shop.Anonymous.GetAsync("/api/catalog/products?pageSize=5")).Json();
        Assert.True(catalog["totalCount"]!.GetValue<int>() >= 20);
        var product = catalog["items"]![0]!;
        var productId = product["id"]!.GetValue<Guid>();
        var stockBefore = product["availableStock"]!.GetValue<int>();

        var added = await Shop.AddToCart(customer, productId, 2);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var cart = await added.Json();
        Assert.Equal(2, cart["totalQuantity"]!.GetValue<int>());
        Assert.Equal(product["unitPrice"]!.GetValue<decimal>() * 2, cart["total"]!.GetValue<decimal>());

        var checkout = await Shop.Checkout(customer, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
        var order = await checkout.Json();
        var orderId = order["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/orders/{orderId}", checkout.Headers.Location?.ToString());
        Assert.Equal("Pending", order["status"]!.GetValue<string>());
        Assert.Equal(cart["total"]!.GetValue<decimal>(), order["total"]!.GetValue<decimal>());

        var confirmed = await Shop.OrderReaching(customer, orderId, "Confirmed", "Rejected");
        Assert.Equal("Confirmed", confirmed["status"]!.GetValue<string>());
        Assert.EndsWith("Z", confirmed["createdAt"]!.GetValue<string>());
        await Eventually.Until(async () => await (await customer.GetAsync("/api/cart")).Json(),
            c => c["items"]!.AsArray().Count == 0, because: "the checkout empties the cart");
        Assert.Equal(stockBefore - 2, await Shop.Stock(shop.Anonymous, productId));
    }

    [Fact]
    public async Task Checkout_of_an_empty_cart_is_409()
    {
        var customer = await shop.Customer();
        var response = await Shop.Checkout(customer, "empty-cart");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Forty_concurrent_orders_for_ten_units_confirm_exactly_ten()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 10);
        var customers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => shop.Customer()));

        var placed = await Task.WhenAll(
            customers.Select(c => Shop.PlaceOrder(c, Guid.NewGuid().ToString(), (productId, 1))));
        Assert.All(placed, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var orders = await Task.WhenAll(placed.Select(async (r, i) =>
            await Shop.OrderReaching(customers[i], (await r.Json())["id"]!.GetValue<Guid>(), "Confirmed", "Rejected")));

        Assert.Equal(10, orders.Count(o => o["status"]!.GetValue<string>() == "Confirmed"));
        var rejected = orders.Where(o => o["status"]!.GetValue<string>() == "Rejected").ToList();
        Assert.Equal(30, rejected.Count);
        Assert.All(rejected, o => Assert.Contains(productId.ToString(), o["rejectionReason"]!.GetValue<string>()));
        Assert.Equal(0, await Shop.Stock(shop.Anonymous, productId));
    }

    [Fact]
    public async Task Cancelling_a_confirmed_order_gives_the_stock_back_and_cannot_be_repeated()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 5);
        var customer = await shop.Customer();
        var order = await (await Shop.PlaceOrder(customer, "cancel-me", (productId, 3))).Json();
        var orderId = order["id"]!.GetValue<Guid>();
        await Shop.OrderReaching(customer, orderId, "Confirmed");
        Assert.Equal(2, await Shop.Stock(shop.Anonymous, productId));

        var cancelled = await customer.PostAsync($"/api/orders/{orderId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await cancelled.Json())["status"]!.GetValue<string>());
        await Eventually.Until(
            () => Shop.Stock(shop.Anonymous, productId),
            stock => stock == 5,
            because: "cancel releases the reserved stock");

        Assert.Equal(
            HttpStatusCode.Conflict,
            (await customer.PostAsync($"/api/orders/{orderId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/orders/{orderId}/ship", null)).StatusCode);
    }

    [Fact]
    public async Task Admin_ships_a_confirmed_order()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 5);
        var customer = await shop.Customer();
        var orderId = (await (await Shop.PlaceOrder(customer, "ship-me", (productId, 1))).Json())["id"]!
            .GetValue<Guid>();
        await Shop.OrderReaching(customer, orderId, "Confirmed");

        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await customer.PostAsync($"/api/orders/{orderId}/ship", null)).StatusCode);
        var shipped = await admin.PostAsync($"/api/orders/{orderId}/ship", null);
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal("Shipped", (await shipped.Json())["status"]!.GetValue<string>());
        Assert.Equal(
            HttpStatusCode.Conflict,
            (await customer.PostAsync($"/api/orders/{orderId}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Orders_list_is_the_callers_own_newest_first()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 50);
        var customer = await shop.Customer();
        var first = (await (await Shop.PlaceOrder(customer, "list-1", (productId, 1))).Json())["id"]!.GetValue<Guid>();
        var second = (await (await Shop.PlaceOrder(customer, "list-2", (productId, 2))).Json())["id"]!.GetValue<Guid>();
        await (await shop.Customer()).GetAsync("/api/orders"); // another user exists with no orders

        var page = await (await customer.GetAsync("/api/orders?page=1&pageSize=10")).Json();
        Assert.Equal(2, page["totalCount"]!.GetValue<int>());
        Assert.Equal([second, first], page["items"]!.AsArray().Select(o => o!["id"]!.GetValue<Guid>()));
        var all = await (await admin.GetAsync("/api/orders?pageSize=100")).Json();
        Assert.True(all["totalCount"]!.GetValue<int>() >= 2);
    }

    [Fact]
    public async Task Ordering_an_unknown_product_names_the_line()
    {
        var customer = await shop.Customer();
        var admin = await shop.Admin();
        var known = await Shop.CreateProduct(admin, stock: 5);
        var response = await Shop.PlaceOrder(customer, "unknown", (known, 1), (Guid.NewGuid(), 1));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Json())["errors"]!["items[1].productId"]);
        Assert.Equal(0, (await (await customer.GetAsync("/api/orders")).Json())["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Checkout_leaves_out_a_product_deleted_since_it_was_added_and_a_cart_of_only_deleted_ones_is_409()
    {
        var admin = await shop.Admin();
        var kept = await Shop.CreateProduct(admin, stock: 5, price: 3m);
        var deleted = await Shop.CreateProduct(admin, stock: 5, price: 4m);
        var customer = await shop.Customer();
        await Shop.Expect(await Shop.AddToCart(customer, kept, 1), HttpStatusCode.OK, "add the kept product");
        await Shop.Expect(await Shop.AddToCart(customer, deleted, 2), HttpStatusCode.OK, "add the product to delete");
        await Shop.Expect(
            await admin.DeleteAsync($"/api/catalog/products/{deleted}"),
            HttpStatusCode.NoContent,
            "delete it");

        var checkout = await Shop.Checkout(customer, "with-a-deleted-line");
        Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
        var lines = (await checkout.Json())["items"]!.AsArray();
        Assert.Equal(kept, Assert.Single(lines)!["productId"]!.GetValue<Guid>());

        var onlyDeleted = await shop.Customer();
        var third = await Shop.CreateProduct(admin, stock: 5);
        await Shop.Expect(await Shop.AddToCart(onlyDeleted, third, 1), HttpStatusCode.OK, "add a product to delete");
        await Shop.Expect(
            await admin.DeleteAsync($"/api/catalog/products/{third}"),
            HttpStatusCode.NoContent,
            "delete it");
        var refused = await Shop.Checkout(onlyDeleted, "only-deleted");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(0, (await (await onlyDeleted.GetAsync("/api/orders")).Json())["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Prices_come_from_the_catalog_never_from_the_client()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 5, price: 7.25m);
        var customer = await shop.Customer();
        var response = await customer.PostAsJsonAsync(
            "/api/cart/items",
            new { productId, quantity = 1, unitPrice = 0.01m, price = 0.01m });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7.25m, (await response.Json())["items"]![0]!["unitPrice"]!.GetValue<decimal>());
    }
}
