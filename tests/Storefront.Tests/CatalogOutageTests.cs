using Microsoft.Playwright;
using static Storefront.Tests.Browsing;

namespace Storefront.Tests;

/// <summary>Runs on the split topology only (SHOP_STOREFRONT_TOPOLOGY=split), where Catalog is a process of its
/// own.</summary>
public sealed class SplitFactAttribute : FactAttribute
{
    public SplitFactAttribute()
    {
        if (!ShopUnderTest.Split)
        {
            Skip = "Kills the Catalog process of the split topology: runs with " +
                $"{ShopUnderTest.TopologyVariable}=split (as .ci/run does).";
        }
    }
}

[Collection(ShopCollection.Name)]
public sealed class CatalogOutageTests(ShopUnderTest shop)
{
    [SplitFact]
    public async Task With_Catalog_down_the_shopper_sees_a_friendly_error_and_the_shop_recovers()
    {
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ceramic Mug" })).ToBeVisibleAsync();

        var killed = shop.Topology!.Kill("catalog");
        var response = await page.GotoAsync("/products?page=1");
        Assert.Equal(503, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not answering right now");
        var source = await page.ContentAsync();
        Assert.DoesNotContain("Exception", source, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", source, StringComparison.Ordinal);
        await CheckAccessibilityAsync(page);

        await shop.Topology.WaitUntilRestartedAsync("catalog", killed, TimeSpan.FromMinutes(2));
        await Eventually.Until(
            async () =>
            {
                await page.GetByRole(AriaRole.Link, new() { Name = "Try again" }).ClickAsync();
                return await page.GetByRole(AriaRole.Link, new() { Name = "Ceramic Mug" }).CountAsync();
            },
            count => count > 0,
            TimeSpan.FromSeconds(60),
            "the catalog should come back once the Catalog process is ready");
    }
}
