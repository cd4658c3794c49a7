using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Storefront.Tests.Browsing;

namespace Storefront.Tests;

/// <summary>Links that leave the storefront for the provider's pages are plain navigations. Blazor's enhanced
/// navigation would first fetch the page, find it is not one of Blazor's, then load it again: two requests (two
/// sign-in challenges for "Sign in"), and a document that changes under the shopper while the first load settles.
/// </summary>
[Collection(ShopCollection.Name)]
public sealed class NavigationTests(ShopUnderTest shop)
{
    [Theory]
    [InlineData("Register", "/account/register", "/account/register")]
    [InlineData("Sign in", "/signin", "/account/login")]
    public async Task A_link_to_the_provider_loads_its_page_once(string link, string requested, string arrivesAt)
    {
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == requested)
            {
                requests.Enqueue(request.ResourceType);
            }
        };

        await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains(arrivesAt, StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(["document"], requests);
    }
}
