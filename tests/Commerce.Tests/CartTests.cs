using System.Net;
using System.Net.Http.Json;

namespace Commerce.Tests;

public sealed class CartTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task Parallel_changes_to_one_cart_lose_nothing()
    {
        var admin = await shop.Admin();
        var products = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Shop.CreateProduct(admin, stock: 100)));
        var customer = await shop.Customer();

        var responses = await Task.WhenAll(products.Select(p => Shop.AddToCart(customer, p, 2))
            .Concat(Enumerable.Range(0, 8).Select(_ => Shop.AddToCart(customer, products[0], 1))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var cart = await (await customer.GetAsync("/api/cart")).Json();
        Assert.Equal(12, cart["items"]!.AsArray().Count);
        Assert.Equal(12 * 2 + 8, cart["totalQuantity"]!.GetValue<int>());
        shop.AssertNoDatabaseErrorLogged();
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_and_changes_nothing()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 100);
        var customer = await shop.Customer();
        var first = await Shop.AddToCart(customer, productId, 1);
        var etag = first.Headers.ETag!.Tag;
        await Shop.AddToCart(customer, productId, 1);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/cart/items/{productId}")
        {
            Content = JsonContent.Create(new { quantity = 50 }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await customer.SendAsync(stale)).StatusCode);

        var current = await customer.GetAsync("/api/cart");
        Assert.Equal(2, (await current.Json())["totalQuantity"]!.GetValue<int>());
        var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/cart/items/{productId}")
        {
            Content = JsonContent.Create(new { quantity = 50 }),
        };
        fresh.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await customer.SendAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task If_Match_star_matches_any_version_of_the_cart()
    {
        // RFC 9110 13.1.1: "*" asks only that the resource exists, and a cart always does (empty, it is still 200).
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 100);
        var customer = await shop.Customer();
        HttpRequestMessage Star(HttpMethod method, string path, object? body = null)
        {
            var request = new HttpRequestMessage(method, path)
            {
                Content = body is null ? null : JsonContent.Create(body),
            };
            request.Headers.TryAddWithoutValidation("If-Match", "*");
            return request;
        }

        var added = await customer.SendAsync(Star(HttpMethod.Post, "/api/cart/items", new { productId, quantity = 3 }));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var set = await customer.SendAsync(Star(HttpMethod.Put, $"/api/cart/items/{productId}", new { quantity = 2 }));
        Assert.Equal(2, (await set.Json())["totalQuantity"]!.GetValue<int>());
        var removed = await customer.SendAsync(Star(HttpMethod.Delete, $"/api/cart/items/{productId}"));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(
            HttpStatusCode.NoContent, (await customer.SendAsync(Star(HttpMethod.Delete, "/api/cart"))).StatusCode);
        Assert.Equal(0, (await (await customer.GetAsync("/api/cart")).Json())["totalQuantity"]!.GetValue<int>());
    }

    [Fact]
    public async Task Line_and_cart_limits_are_409()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 1000);
        var customer = await shop.Customer();
        Assert.Equal(HttpStatusCode.OK, (await Shop.AddToCart(customer, productId, 99)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Shop.AddToCart(customer, productId, 1)).StatusCode);

        var many = await Task.WhenAll(Enumerable.Range(0, 49).Select(_ => Shop.CreateProduct(admin, stock: 5)));
        foreach (var p in many)
        {
            Assert.Equal(HttpStatusCode.OK, (await Shop.AddToCart(customer, p, 1)).StatusCode);
        }

        var fiftyFirst = await Shop.AddToCart(customer, await Shop.CreateProduct(admin, stock: 5), 1);
        Assert.Equal(HttpStatusCode.Conflict, fiftyFirst.StatusCode);
        Assert.Equal(50, (await (await customer.GetAsync("/api/cart")).Json())["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Put_adds_or_sets_delete_removes_and_unknown_products_are_404()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 100);
        var customer = await shop.Customer();

        var put = await customer.PutAsJsonAsync($"/api/cart/items/{productId}", new { quantity = 4 });
        Assert.Equal(4, (await put.Json())["totalQuantity"]!.GetValue<int>());
        var emptied = await customer.PutAsJsonAsync($"/api/cart/items/{productId}", new { quantity = 0 });
        Assert.Equal(0, (await emptied.Json())["totalQuantity"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await customer.DeleteAsync($"/api/cart/items/{productId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.AddToCart(customer, Guid.NewGuid(), 1)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await customer.DeleteAsync("/api/cart")).StatusCode);
    }
}
