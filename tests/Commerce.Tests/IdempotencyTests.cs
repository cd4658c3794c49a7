using System.Net;
using System.Net.Http.Json;

namespace Commerce.Tests;

public sealed class IdempotencyTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task Twenty_concurrent_checkouts_with_one_key_create_one_order()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 100);
        var customer = await shop.Customer();
        await Shop.AddToCart(customer, productId, 1);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Shop.Checkout(customer, "one-key")));
        Assert.All(
            responses,
            r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"got {r.StatusCode}"));
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        var ids = (await Task.WhenAll(created.Select(async r => (await r.Json())["id"]!.GetValue<Guid>()))).Distinct()
            .ToList();
        Assert.Single(ids);

        var replay = await Shop.Checkout(customer, "one-key");
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(ids[0], (await replay.Json())["id"]!.GetValue<Guid>());
        Assert.Equal($"/api/orders/{ids[0]}", replay.Headers.Location?.ToString());
        Assert.Equal(1, (await (await customer.GetAsync("/api/orders")).Json())["totalCount"]!.GetValue<int>());

        var otherBody = await Shop.Checkout(
            customer,
            "one-key",
            new { name = "Someone Else", line1 = "2 Road", city = "Paris", postalCode = "75001", country = "FR" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.StatusCode);
        shop.AssertNoDatabaseErrorLogged();
    }

    [Fact]
    public async Task A_repeat_returns_the_first_answer_byte_for_byte()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 100);
        var customer = await shop.Customer();
        var first = await Shop.PlaceOrder(customer, "same-answer", (productId, 2));
        var again = await Shop.PlaceOrder(customer, "same-answer", (productId, 2));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(
            HttpStatusCode.UnprocessableEntity,
            (await Shop.PlaceOrder(customer, "same-answer", (productId, 3))).StatusCode);
    }

    [Fact]
    public async Task A_refused_request_does_not_use_up_the_key()
    {
        var customer = await shop.Customer();
        Assert.Equal(HttpStatusCode.Conflict, (await Shop.Checkout(customer, "retry-later")).StatusCode);
        var admin = await shop.Admin();
        await Shop.AddToCart(customer, await Shop.CreateProduct(admin, stock: 5), 1);
        Assert.Equal(HttpStatusCode.Created, (await Shop.Checkout(customer, "retry-later")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_caller()
    {
        var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 100);
        var alice = await shop.Customer();
        var bob = await shop.Customer();
        var a = await (await Shop.PlaceOrder(alice, "shared-key", (productId, 1))).Json();
        var b = await Shop.PlaceOrder(bob, "shared-key", (productId, 1));
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.NotEqual(a["id"]!.GetValue<Guid>(), (await b.Json())["id"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("this-key-is-far-too-long-for-the-contract-which-allows-64-characters-at-most")]
    [InlineData("tab\tinside")]
    public async Task Missing_or_malformed_keys_are_400(string? key)
    {
        var customer = await shop.Customer();
        var productId = await Shop.CreateProduct(await shop.Admin(), stock: 5);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(
                new { items = new[] { new { productId, quantity = 1 } }, shippingAddress = Shop.Address }),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        var response = await customer.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Json())["errors"]!["Idempotency-Key"]);
        Assert.Equal(0, (await (await customer.GetAsync("/api/orders")).Json())["totalCount"]!.GetValue<int>());
    }
}
