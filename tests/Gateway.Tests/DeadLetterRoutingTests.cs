using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

/// <summary>
/// <c>/api/admin/dead-letters</c> through the gateway (#17). Dead letters live in the database of the module whose
/// handler failed, so in split each module's process answers for its own: <c>?module=</c> picks the process; without
/// it the request goes to Ordering's, where the saga's events die.
/// </summary>
public sealed class DeadLetterRoutingTests
{
    [Fact]
    public async Task The_module_query_picks_the_process_that_holds_the_modules_dead_letters()
    {
        // A split topology: the catalog cluster has a process of its own, the others use Gateway:Hosts (backend-0).
        await using var catalog = await Backend.StartAsync("catalog-process");
        await using var rig = await Rig.StartAsync(1, new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:catalog:Destinations:catalog-1:Address"] = catalog.Address.ToString(),
        });
        using var admin = rig.Gateway.CreatePublicClient(rig.Issuer.Token("ada", "orders", roles: ["admin"]));
        var id = Guid.NewGuid();

        var listCatalog = await Rig.EchoOf(await admin.GetAsync("/api/admin/dead-letters?module=Catalog&page=1"));
        var listLowerCase = await Rig.EchoOf(await admin.GetAsync("/api/admin/dead-letters?module=catalog"));
        var replayCatalog = await Rig.EchoOf(
            await admin.PostAsync($"/api/admin/dead-letters/{id}/replay?module=Catalog", null));
        var listOrdering = await Rig.EchoOf(await admin.GetAsync("/api/admin/dead-letters?module=Ordering"));
        var showDefault = await Rig.EchoOf(await admin.GetAsync($"/api/admin/dead-letters/{id}"));

        Assert.Equal(("catalog-process", "/api/admin/dead-letters"), (listCatalog.Name, listCatalog.Path));
        Assert.Equal("catalog-process", listLowerCase.Name);
        Assert.Equal(
            ("catalog-process", "POST", $"/api/admin/dead-letters/{id}/replay"),
            (replayCatalog.Name, replayCatalog.Method, replayCatalog.Path));
        Assert.Equal("backend-0", listOrdering.Name);
        Assert.Equal(("backend-0", $"/api/admin/dead-letters/{id}"), (showDefault.Name, showDefault.Path));
    }

    [Fact]
    public async Task Dead_letters_need_a_token_with_the_orders_scope_at_the_gateway()
    {
        await using var rig = await Rig.StartAsync(1);
        using var anonymous = rig.Gateway.CreatePublicClient();
        using var cartOnly = rig.Gateway.CreatePublicClient(rig.Issuer.Token("carol", "cart", roles: ["admin"]));

        Assert.Equal(
            HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync("/api/admin/dead-letters?module=Catalog")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cartOnly.GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(0, rig.Backends[0].Count("/api/admin/dead-letters"));
    }
}
