using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Shop.Client.Problems;

namespace Shop.Client.Tests;

public sealed class PipelineTests
{
    [Fact]
    public async Task A_checkout_retried_after_a_lost_connection_and_a_503_keeps_its_idempotency_key_and_body()
    {
        var server = new FakeServer(
            _ => throw new HttpRequestException("connection reset"),
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => FakeServer.Json(HttpStatusCode.Created, """{"id":"0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01"}"""));
        using var http = ShopApiFactory.CreateHttpClient(
            new Uri("http://shop.test"), options: Fast(), transport: server);

        using var response = await http.PostAsync(
            "/api/cart/checkout", new StringContent("""{"shippingAddress":{}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(3, server.Received.Count);
        var keys = server.Received.Select(r => r.Request.Headers.GetValues("Idempotency-Key").Single()).ToList();
        Assert.Single(keys.Distinct());
        Assert.All(server.Received, r => Assert.Equal("""{"shippingAddress":{}}""", r.Body));
    }

    [Fact]
    public async Task A_post_without_idempotency_is_never_repeated()
    {
        var server = new FakeServer(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var http = ShopApiFactory.CreateHttpClient(
            new Uri("http://shop.test"), options: Fast(), transport: server);

        await Assert.ThrowsAsync<ShopApiProblemException>(() => http.PostAsync(
            "/api/catalog/products/0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01/stock-adjustments",
            new StringContent("""{"delta":1}""", Encoding.UTF8, "application/json")));
        Assert.Single(server.Received);
        Assert.False(server.Received[0].Request.Headers.Contains("Idempotency-Key"));
    }

    [Fact]
    public async Task A_problem_answer_is_a_typed_exception_with_its_fields()
    {
        var server = new FakeServer(_ =>
        {
            var answer = new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent(
                    """
                    {"type":"https://httpstatuses.io/400","title":"Bad Request","status":400,
                     "detail":"One or more validation errors occurred.","traceId":"abc123",
                     "errors":{"shippingAddress.country":["Not an ISO 3166-1 alpha-2 code."]}}
                    """,
                    Encoding.UTF8),
            };
            answer.Content.Headers.ContentType = new MediaTypeHeaderValue("application/problem+json");
            return answer;
        });
        var shop = ShopApiFactory.Create(new Uri("http://shop.test"), options: Fast(), transport: server);

        var problem = await Assert.ThrowsAsync<ShopApiProblemException>(() => shop.Api.Cart.Checkout.PostAsync(
            new Generated.Models.CheckoutRequest { ShippingAddress = new Generated.Models.ShippingAddress() }));

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Equal("Bad Request", problem.Title);
        Assert.Equal("abc123", problem.TraceId);
        Assert.Equal(["Not an ISO 3166-1 alpha-2 code."], problem.Errors["shippingAddress.country"]);
        Assert.True(server.Received[0].Request.Headers.Contains("Idempotency-Key"));
    }

    private static ShopClientOptions Fast() => new() { FirstRetryDelay = TimeSpan.FromMilliseconds(1) };
}
