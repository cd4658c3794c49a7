using Microsoft.Playwright;
using static Storefront.Tests.Browsing;

namespace Storefront.Tests;

/// <summary>A refusal of the API (a 404 through the typed client's problem handling) reaches the shopper as a
/// message with a retry, never as a stack trace or the API's JSON. (A module that does not answer at all:
/// <see cref="CatalogOutageTests"/>, on the split topology.)</summary>
[Collection(ShopCollection.Name)]
public sealed class FailurePageTests(ShopUnderTest shop)
{
    [Fact]
    public async Task A_product_that_does_not_exist_is_a_message_and_a_retry()
    {
        var id = Guid.NewGuid();
        var page = await shop.NewPageAsync();

        var response = await page.GotoAsync($"/products/{id}");

        Assert.Equal(404, response!.Status);
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("That does not exist (any more).");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Try again" })).ToHaveAttributeAsync(
            "href", $"/products/{id}");
        var source = await page.ContentAsync();
        Assert.DoesNotContain("Exception", source, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", source, StringComparison.Ordinal);
        await CheckAccessibilityAsync(page);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    [InlineData("-3")]
    public async Task A_page_number_that_names_no_page_shows_the_first_one(string page)
    {
        // Blazor refuses a query value it cannot parse into the parameter's type by throwing: this was a 500.
        var browser = await shop.NewPageAsync();

        var response = await browser.GotoAsync($"/products?page={page}");

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(browser.GetByRole(AriaRole.Heading, new() { Name = "Catalog", Exact = true }))
            .ToBeVisibleAsync();
        await Assertions.Expect(browser.Locator("li.card").First).ToBeVisibleAsync();
        await Assertions.Expect(browser.GetByText("Page 1 of")).ToBeVisibleAsync();
    }
}
