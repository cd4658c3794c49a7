using System.Net;
using System.Net.Http.Json;

namespace Commerce.Tests;

public sealed class CatalogTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task Admin_creates_updates_and_deletes_a_product_with_If_Match()
    {
        var admin = await shop.Admin();
        var created = await admin.PostAsJsonAsync(
            "/api/catalog/products",
            new { sku = "LIFE-1", name = "Lifecycle", description = "d", unitPrice = 3.5m, stock = 4 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = await created.Json();
        var id = product["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/catalog/products/{id}", created.Headers.Location?.ToString());
        Assert.Equal("EUR", product["currency"]!.GetValue<string>());
        Assert.Equal(4, product["availableStock"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync(
            "/api/catalog/products",
            new { sku = "LIFE-1", name = "Again", unitPrice = 1m, stock = 0 })).StatusCode);

        var body = new { sku = "LIFE-1", name = "Renamed", description = "d2", unitPrice = 4m };
        Assert.Equal(
            HttpStatusCode.PreconditionRequired,
            (await admin.PutAsJsonAsync($"/api/catalog/products/{id}", body)).StatusCode);
        var read = await shop.Anonymous.GetAsync($"/api/catalog/products/{id}");
        var etag = read.Headers.ETag!.Tag;

        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/catalog/products/{id}")
        {
            Content = JsonContent.Create(body),
        };
        update.Headers.TryAddWithoutValidation("If-Match", etag);
        var updated = await admin.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Renamed", (await updated.Json())["name"]!.GetValue<string>());
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/catalog/products/{id}")
        {
            Content = JsonContent.Create(body with { name = "Lost" }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale)).StatusCode);
        Assert.Equal(
            "Renamed",
            (await (await shop.Anonymous.GetAsync($"/api/catalog/products/{id}")).Json())["name"]!.GetValue<string>());

        // If-Match: * (RFC 9110 13.1.1): any current version of a product that exists.
        var any = new HttpRequestMessage(HttpMethod.Put, $"/api/catalog/products/{id}")
        {
            Content = JsonContent.Create(body with { name = "Any version" }),
        };
        any.Headers.TryAddWithoutValidation("If-Match", "*");
        var anyAnswer = await admin.SendAsync(any);
        Assert.Equal(HttpStatusCode.OK, anyAnswer.StatusCode);
        Assert.Equal("Any version", (await anyAnswer.Json())["name"]!.GetValue<string>());

        // A delete under a stale If-Match (RFC 9110 13.1.1) changes nothing; under the current one it deletes.
        foreach (var version in new[] { etag, "W/" + anyAnswer.Headers.ETag!.Tag, "\"nope\"" })
        {
            using var staleDelete = new HttpRequestMessage(HttpMethod.Delete, $"/api/catalog/products/{id}");
            staleDelete.Headers.TryAddWithoutValidation("If-Match", version);
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(staleDelete)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await shop.Anonymous.GetAsync($"/api/catalog/products/{id}")).StatusCode);
        using var currentDelete = new HttpRequestMessage(HttpMethod.Delete, $"/api/catalog/products/{id}");
        currentDelete.Headers.TryAddWithoutValidation("If-Match", anyAnswer.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(currentDelete)).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await shop.Anonymous.GetAsync($"/api/catalog/products/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/catalog/products/{id}")).StatusCode);
    }

    [Fact]
    public async Task Stock_adjustments_never_take_stock_below_zero()
    {
        var admin = await shop.Admin();
        var id = await Shop.CreateProduct(admin, stock: 3);
        var up = await admin.PostAsJsonAsync($"/api/catalog/products/{id}/stock-adjustments", new { delta = 7 });
        Assert.Equal(10, (await up.Json())["availableStock"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync(
            $"/api/catalog/products/{id}/stock-adjustments",
            new { delta = -11 })).StatusCode);

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ =>
            admin.PostAsJsonAsync($"/api/catalog/products/{id}/stock-adjustments", new { delta = -1 })));
        Assert.Equal(10, concurrent.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, concurrent.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(0, await Shop.Stock(shop.Anonymous, id));
    }

    [Fact]
    public async Task A_stock_adjustment_under_a_stale_If_Match_is_412_and_changes_nothing()
    {
        var admin = await shop.Admin();
        var id = await Shop.CreateProduct(admin, stock: 3);
        var read = await shop.Anonymous.GetAsync($"/api/catalog/products/{id}");
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.OK, (await Adjust(etag, 2)).StatusCode);

        var stale = await Adjust(etag, 5);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(5, await Shop.Stock(shop.Anonymous, id));

        async Task<HttpResponseMessage> Adjust(string ifMatch, int delta)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/catalog/products/{id}/stock-adjustments")
            {
                Content = JsonContent.Create(new { delta }),
            };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return await admin.SendAsync(request);
        }
    }

    [Fact]
    public async Task Search_and_paging()
    {
        var page = await (await shop.Anonymous.GetAsync("/api/catalog/products?search=mug&page=1&pageSize=1")).Json();
        Assert.Equal(2, page["totalCount"]!.GetValue<int>());
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal(1, page["pageSize"]!.GetValue<int>());
        var second = await (await shop.Anonymous.GetAsync("/api/catalog/products?search=MUG&page=2&pageSize=1")).Json();
        Assert.NotEqual(page["items"]![0]!["id"]!.GetValue<Guid>(), second["items"]![0]!["id"]!.GetValue<Guid>());
        var beyond = await (await shop.Anonymous.GetAsync("/api/catalog/products?search=mug&page=3&pageSize=1")).Json();
        Assert.Empty(beyond["items"]!.AsArray());
    }
}
