using System.Net;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>L10: the OpenAPI document and the Scalar page are off outside Development unless configured on.</summary>
public sealed class L10_ApiDocsTests
{
    private static readonly Dictionary<string, string?> Production = new()
    {
        ["AllowedHosts"] = "127.0.0.1",
    };

    [Fact]
    public async Task L10_outside_development_the_api_reference_is_off_by_default()
    {
        using var host = new ShopHost(settings: Production, environment: "Production");
        using var client = host.CreateHttpClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar/")).StatusCode);
    }

    [Fact]
    public async Task L10_api_docs_enabled_serves_it_outside_development_and_disabled_hides_it_in_development()
    {
        using (var production = new ShopHost(
            settings: new Dictionary<string, string?>(Production) { ["ApiDocs:Enabled"] = "true" },
            environment: "Production"))
        {
            using var client = production.CreateHttpClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/")).StatusCode);
        }

        using var development = new ShopHost(
            settings: new Dictionary<string, string?> { ["ApiDocs:Enabled"] = "false" });
        using var devClient = development.CreateHttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await devClient.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
