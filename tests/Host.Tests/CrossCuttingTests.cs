using System.Net;
using System.Text.Json;
using TestSupport;

namespace Host.Tests;

public sealed class CrossCuttingTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private readonly HttpClient _client = fixture.Host.CreateHttpClient();

    [Fact]
    public async Task Readiness_checks_every_module_database()
    {
        var response = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Head_answers_wherever_get_does_with_the_headers_and_no_body()
    {
        using var list = await _client.GetAsync("/api/catalog/products?pageSize=1");
        var id = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("items")[0]
            .GetProperty("id").GetString();
        using var get = await _client.GetAsync($"/api/catalog/products/{id}");

        using var head = await _client.SendAsync(
            new HttpRequestMessage(HttpMethod.Head, $"/api/catalog/products/{id}"));
        using var missing = await _client.SendAsync(
            new HttpRequestMessage(HttpMethod.Head, $"/api/catalog/products/{Guid.NewGuid()}"));
        using var page = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        // A HEAD was a 404 (minimal APIs map GET alone).
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Unknown_route_is_a_problem_response_with_trace_id()
    {
        var response = await _client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("traceId").GetString()));
        Assert.True(problem.RootElement.TryGetProperty("title", out _));
        Assert.True(problem.RootElement.TryGetProperty("type", out _));
    }

    [Fact]
    public async Task Correlation_id_is_echoed_when_well_formed_and_generated_otherwise()
    {
        using var echoed = new HttpRequestMessage(HttpMethod.Get, "/health/live")
        {
            Headers = { { "X-Correlation-Id", "order-flow-42" } },
        };
        var first = await _client.SendAsync(echoed);
        Assert.Equal("order-flow-42", first.Headers.GetValues("X-Correlation-Id").Single());

        using var hostile = new HttpRequestMessage(HttpMethod.Get, "/health/live")
        {
            Headers = { { "X-Correlation-Id", "<script>" } },
        };
        var second = await _client.SendAsync(hostile);
        var generated = second.Headers.GetValues("X-Correlation-Id").Single();
        Assert.NotEqual("<script>", generated);
        Assert.Matches("^[0-9a-f]{32}$", generated);
    }

    [Fact]
    public async Task OpenApi_document_is_served()
    {
        var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
    }

    [Fact]
    public async Task Scalar_reference_page_is_served_in_development()
    {
        var response = await _client.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class HostFixture : IDisposable
{
    public ShopHost Host { get; } = new();

    public void Dispose() => Host.Dispose();
}
