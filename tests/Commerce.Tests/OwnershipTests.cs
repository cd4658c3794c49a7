using System.Net;
using System.Net.Http.Json;

namespace Commerce.Tests;

public sealed class OwnershipTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task Another_users_order_is_404_and_their_cart_is_not_ours()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 20);
        var alice = await shop.Customer();
        var bob = await shop.Customer();
        await Shop.AddToCart(alice, productId, 3);
        var orderId = (await (await Shop.PlaceOrder(alice, "alice-1", (productId, 1))).Json())["id"]!.GetValue<Guid>();

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/orders/{orderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/orders/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/orders/{orderId}/cancel", null)).StatusCode);
        Assert.Equal(0, (await (await bob.GetAsync("/api/orders")).Json())["totalCount"]!.GetValue<int>());
        Assert.Empty((await (await bob.GetAsync("/api/cart")).Json())["items"]!.AsArray());
        await bob.DeleteAsync("/api/cart");
        Assert.Equal(3, (await (await alice.GetAsync("/api/cart")).Json())["totalQuantity"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/orders/{orderId}")).StatusCode);
    }

    [Fact]
    public async Task A_customer_gets_403_on_admin_endpoints()
    {
        var customer = await shop.Customer();
        var productId = (await (await shop.Anonymous.GetAsync("/api/catalog/products")).Json())["items"]![0]!["id"]!
            .GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync("/api/catalog/products",
            new { sku = "HACK-1", name = "x", description = "", unitPrice = 1m, stock = 1 })).StatusCode);
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await customer.DeleteAsync($"/api/catalog/products/{productId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync(
            $"/api/catalog/products/{productId}/stock-adjustments",
            new { delta = 5 })).StatusCode);
        Assert.Equal(
            HttpStatusCode.OK,
            (await shop.Anonymous.GetAsync($"/api/catalog/products/{productId}")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/cart")]
    [InlineData("POST", "/api/cart/items")]
    [InlineData("POST", "/api/cart/checkout")]
    [InlineData("GET", "/api/orders")]
    [InlineData("POST", "/api/orders")]
    [InlineData("POST", "/api/catalog/products")]
    public async Task No_token_is_401_with_a_bearer_challenge(string method, string path)
    {
        var response = await shop.Anonymous
            .SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_token_without_the_cart_scope_is_403_on_the_cart()
    {
        var ordersOnly = await Accounts.Customer(shop.Host, "openid orders");
        Assert.Equal(HttpStatusCode.Forbidden, (await ordersOnly.GetAsync("/api/cart")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ordersOnly.GetAsync("/api/orders")).StatusCode);
    }
}
