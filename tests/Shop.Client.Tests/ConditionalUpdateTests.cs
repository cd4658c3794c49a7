using System.Net;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Shop.Client.Generated.Models;
using Shop.Client.Problems;

namespace Shop.Client.Tests;

/// <summary>Optimistic concurrency through the typed client: the product's <c>ETag</c> read from the answer, sent
/// back in <c>If-Match</c>, and a 412 when someone changed the product in between.</summary>
public sealed class ConditionalUpdateTests
{
    private static readonly Guid ProductId = Guid.Parse("0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01");

    [Fact]
    public async Task The_etag_of_a_product_is_readable_and_goes_back_in_if_match()
    {
        var server = new FakeServer(
            _ => Product("\"7\""),
            _ => new HttpResponseMessage(HttpStatusCode.PreconditionFailed));
        var shop = ShopApiFactory.Create(new Uri("http://shop.test"), transport: server);

        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var product = await shop.Api.Catalog.Products[ProductId].GetAsync(c => c.Options.Add(headers));
        var etag = headers.ResponseHeaders["ETag"].Single();
        var refused = await Assert.ThrowsAsync<ShopApiProblemException>(() => shop.Api.Catalog.Products[ProductId]
            .PutAsync(
                new UpdateProductRequest { Sku = product!.Sku, Name = "Renamed", UnitPrice = product.UnitPrice },
                c => c.Headers.Add("If-Match", etag)));

        Assert.Equal("\"7\"", etag);
        Assert.Equal(["\"7\""], server.Received[1].Request.Headers.GetValues("If-Match"));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
    }

    private static HttpResponseMessage Product(string etag)
    {
        var answer = FakeServer.Json(HttpStatusCode.OK, $$"""
            {"id":"{{ProductId}}","sku":"MUG-1","name":"Mug","description":null,"unitPrice":12.50,
             "currency":"EUR","availableStock":3}
            """);
        answer.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue(etag);
        return answer;
    }
}
