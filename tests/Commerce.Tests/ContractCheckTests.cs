using System.Net;
using System.Text;

namespace Commerce.Tests;

/// <summary>The contract check (every answer the suites get is checked against docs/openapi/v1.json) bites: answers
/// that differ from the document fail, and a conforming one passes.</summary>
public sealed class ContractCheckTests
{
    private const string Product = """
        {"id":"0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01","sku":"MUG-1","name":"Mug","description":"",
         "unitPrice":12.5,"currency":"EUR","availableStock":3}
        """;

    private const string Problem = """
        {"type":"https://httpstatuses.io/404","title":"Not Found","status":404,"detail":"No such product.",
         "traceId":"0af7651916cd43dd8448eb211c80319c"}
        """;

    [Fact]
    public async Task A_conforming_answer_passes()
    {
        using var ok = await Send(HttpMethod.Get, "/api/catalog/products/0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01", Answer(
            HttpStatusCode.OK, Product, "application/json", etag: "\"1\""));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var missing = await Send(HttpMethod.Get, "/api/catalog/products/0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01",
            Answer(HttpStatusCode.NotFound, Problem, "application/problem+json"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_body_that_does_not_match_the_schema_fails()
    {
        var wrong = Product.Replace("\"availableStock\":3", "\"availableStock\":\"three\"", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<ContractViolationException>(() => Send(
            HttpMethod.Get,
            "/api/catalog/products/0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01",
            Answer(HttpStatusCode.OK, wrong, "application/json", etag: "\"1\"")));
        Assert.Contains("availableStock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_member_fails()
    {
        var error = await Assert.ThrowsAsync<ContractViolationException>(() => Send(
            HttpMethod.Get,
            "/api/catalog/products/0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01",
            Answer(HttpStatusCode.NotFound, """{"title":"Not Found","status":404}""", "application/problem+json")));
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undocumented_status_fails()
    {
        var error = await Assert.ThrowsAsync<ContractViolationException>(() => Send(
            HttpMethod.Get,
            "/api/cart",
            Answer(HttpStatusCode.Conflict, Problem.Replace("404", "409", StringComparison.Ordinal),
                "application/problem+json")));
        Assert.Contains("409 is not documented", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_header_fails()
    {
        await Assert.ThrowsAsync<ContractViolationException>(() => Send(
            HttpMethod.Get,
            "/api/catalog/products/0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01",
            Answer(HttpStatusCode.OK, Product, "application/json", etag: null)));
    }

    [Fact]
    public async Task An_undocumented_media_type_fails()
    {
        await Assert.ThrowsAsync<ContractViolationException>(() => Send(
            HttpMethod.Get,
            "/api/catalog/products/0195f3a2-7c4e-7d2a-9f1e-3b5c8d7a6e01",
            Answer(HttpStatusCode.NotFound, "<html>not found</html>", "text/html")));
    }

    [Fact]
    public async Task Paths_the_document_does_not_describe_are_not_checked()
    {
        using var page = await Send(HttpMethod.Get, "/account/login", Answer(HttpStatusCode.OK, "<form>", "text/html"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task<HttpResponseMessage> Send(HttpMethod method, string path, HttpResponseMessage answer)
    {
        using var client = new HttpClient(ContractCheck.Around(new Canned(answer)))
        {
            BaseAddress = new Uri("http://shop.test"),
        };
        return await client.SendAsync(new HttpRequestMessage(method, path));
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string body, string mediaType, string? etag = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (etag is not null)
        {
            response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue(etag);
        }

        return response;
    }

    private sealed class Canned(HttpResponseMessage answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken) => Task.FromResult(answer);
    }
}
