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
        // "Try again" until the catalog shows. A click only starts the navigation (enhanced, or a full load with
        // scripts off): wait for the page's answer before looking, and click again only while the error is shown.
        var retry = page.GetByRole(AriaRole.Link, new() { Name = "Try again" });
        var mug = page.GetByRole(AriaRole.Link, new() { Name = "Ceramic Mug" });
        await Eventually.Until(
            async () =>
            {
                if (await mug.CountAsync() == 0 && await retry.CountAsync() > 0)
                {
                    try
                    {
                        await page.RunAndWaitForResponseAsync(() => retry.ClickAsync(new() { Timeout = 5_000 }),
                            answer => answer.Url.Contains("/products", StringComparison.Ordinal),
                            new() { Timeout = 15_000 });
                    }
                    catch (TimeoutException)
                    {
                        // The link went away between the look and the click (the page was still being replaced
                        // by the previous answer): look again.
                    }
                }

                return await mug.CountAsync();
            },
            count => count > 0,
            TimeSpan.FromSeconds(60),
            "the catalog should come back once the Catalog process is ready");
    }
}
