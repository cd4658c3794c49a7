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
