using System.Text.Json;
using Identity.Clients;
using TestSupport;

namespace Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class ApiDocsTests(IdentityHost fixture)
{
    [Fact]
    public async Task The_openapi_document_declares_the_code_flow_and_scalar_signs_in_with_api_docs()
    {
        using var client = fixture.Host.CreateHttpClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var flow = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2")
            .GetProperty("flows").GetProperty("authorizationCode");
        Assert.Equal(
            new Uri(fixture.Host.BaseAddress, "connect/authorize").ToString(),
            flow.GetProperty("authorizationUrl").GetString());
        Assert.Equal(
            new Uri(fixture.Host.BaseAddress, "connect/token").ToString(),
            flow.GetProperty("tokenUrl").GetString());
        Assert.True(flow.GetProperty("scopes").TryGetProperty("catalog.admin", out _));
        Assert.False(flow.GetProperty("scopes").TryGetProperty("internal", out _));

        var page = await client.GetStringAsync("/scalar/");
        Assert.Contains("\"x-scalar-client-id\":\"api-docs\"", page);
        Assert.Contains("\"x-usePkce\":\"SHA-256\"", page);
    }

    [Fact]
    public void A_client_that_is_not_a_service_client_cannot_be_given_internal()
    {
        var storefront = new ClientSettings
        {
            ClientId = "spa", Type = "public", GrantTypes = ["authorization_code"], RedirectUris
                = ["http://localhost/cb"], Scopes = ["openid", "internal"],
        };
        Assert.Throws<InvalidOperationException>(() => ClientRegistry.Describe(storefront));

        var confidentialWithoutSecret = new ClientSettings
        {
            ClientId = "svc",
            Type = "confidential",
            GrantTypes = ["client_credentials"],
            Scopes = ["internal"],
        };
        Assert.Throws<InvalidOperationException>(() => ClientRegistry.Describe(confidentialWithoutSecret));
    }
}
