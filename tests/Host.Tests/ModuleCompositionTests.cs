using System.Net;
using TestSupport;

namespace Host.Tests;

public sealed class ModuleCompositionTests
{
    [Fact]
    public async Task A_module_that_is_not_enabled_maps_no_endpoints_and_owns_no_database()
    {
        using var host = new ShopHost(settings: new Dictionary<string, string?> { ["Modules:Enabled"] = "Catalog" });
        // Not the contract-checked client: the document describes the whole API, and a route of a module that runs
        // elsewhere (or nowhere) is simply not served by this process.
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/catalog/products")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/cart")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(
            new[] { "catalog.db" },
            Directory.GetFiles(host.DataDirectory, "*.db").Select(f => Path.GetFileName(f)).ToArray());
    }

    [Fact]
    public void An_unknown_module_name_stops_the_start()
    {
        var error = Assert.ThrowsAny<Exception>(
            () => new ShopHost(settings: new Dictionary<string, string?> { ["Modules:Enabled"] = "Catalog,Payments" }));
        Assert.Contains("Payments", error.ToString());
    }
}
