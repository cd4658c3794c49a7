using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Storefront.Tests;

/// <summary>What the tests do in the browser, and the accessibility check after every page they reach.</summary>
internal static class Browsing
{
    /// <summary>Every page checked with axe in this run: its path and the violations by impact (for the
    /// report).</summary>
    public static readonly ConcurrentDictionary<string, string> AxeResults = new();

    public static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@example.com";

    public const string Password = "Storefront#Tests2026";

    /// <summary>Goes to <paramref name="path"/> and checks the page with axe.</summary>
    public static async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await CheckAccessibilityAsync(page);
    }

    /// <summary>The longest axe may take on one page. Playwright's evaluate has no timeout of its own: a script that
    /// never answers would hang the run without a result.</summary>
    private static readonly TimeSpan AxeDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Browser contexts with JavaScript off (<see cref="ShopUnderTest.NewPageAsync"/>). axe is a script: in
    /// them, Playwright's evaluate never returns.</summary>
    private static readonly ConditionalWeakTable<IBrowserContext, object> Scriptless = [];

    public static void MarkScriptless(IBrowserContext context) => Scriptless.AddOrUpdate(context, Scriptless);

    /// <summary>axe-core on the page as it is: no serious or critical violation. The callers wait for the
    /// navigation they started; a page that still navigates (a form post answered by a redirect) is checked once
    /// it has settled, a few times at most. A page without JavaScript is checked as the same address with the same
    /// cookies in a twin browser context that runs scripts (static SSR renders the same markup either way).</summary>
    public static async Task CheckAccessibilityAsync(IPage page)
    {
        if (Scriptless.TryGetValue(page.Context, out _))
        {
            await CheckInTwinAsync(page);
            return;
        }

        AxeResult? results = null;
        for (var attempt = 1; results is null; attempt++)
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
            try
            {
                results = await page.RunAxe().WaitAsync(AxeDeadline);
            }
            catch (PlaywrightException e) when (attempt < 3 && e.Message.Contains("context was destroyed",
                StringComparison.Ordinal))
            {
                // The page navigated while axe ran: check the page it arrived at.
            }
            catch (TimeoutException)
            {
                Assert.Fail($"axe did not answer within {AxeDeadline.TotalSeconds} s on {page.Url}");
            }
        }

        var path = new Uri(page.Url).AbsolutePath;
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        AxeResults[Template(path)] = results.Violations.Length == 0
            ? "no violations"
            : string.Join(", ", results.Violations.Select(v => $"{v.Id} ({v.Impact})"));
        Assert.True(bad.Count == 0, $"axe on {path}: " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html).Take(3))}")));
    }

    private static async Task CheckInTwinAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        await using var twin = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = await page.Context.StorageStateAsync(),
            IgnoreHTTPSErrors = ShopUnderTest.Split,
            ViewportSize = new ViewportSize { Width = page.ViewportSize!.Width, Height = page.ViewportSize.Height },
        });
        twin.SetDefaultTimeout(30_000);
        var twinPage = await twin.NewPageAsync();
        await twinPage.GotoAsync(page.Url);
        await CheckAccessibilityAsync(twinPage);
    }

    /// <summary>Writes what axe found on each page checked so far in this run (the issue's note quotes it).</summary>
    public static void ReportAxe(Xunit.Abstractions.ITestOutputHelper output)
    {
        foreach (var (path, result) in AxeResults.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"axe {path}: {result}");
        }
    }

    /// <summary>Registers through the API (a test's set-up, not its subject).</summary>
    public static async Task<string> RegisterAsync(ShopUnderTest shop, string who)
    {
        var email = NewEmail(who);
        using var api = shop.Api();
        using var response = await api.PostAsJsonAsync("api/identity/register",
            new { email, password = Password, displayName = who });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return email;
    }

    /// <summary>A new shopper, signed in, with one product in the cart, on the checkout page with the address
    /// filled in.</summary>
    public static async Task<IPage> AtCheckoutAsync(ShopUnderTest shop, string who, string product = "Canvas Tote")
    {
        var email = await RegisterAsync(shop, who);
        var page = await shop.NewPageAsync();
        await GoAsync(page, "/");
        await SignInAsync(page, email);
        await AddToCartAsync(page, product);
        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await FillAddressAsync(page);
        return page;
    }

    /// <summary>From the storefront's "Sign in" through the provider's form, back to the storefront.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = Password)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await CheckAccessibilityAsync(page);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).WaitForAsync();
    }

    public static async Task AddToCartAsync(IPage page, string productName, int quantity = 1)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = productName, Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = productName }).WaitForAsync();
        await CheckAccessibilityAsync(page);
        await page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo
            .InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Your cart" }).WaitForAsync();
    }

    public static async Task FillAddressAsync(IPage page)
    {
        await page.GetByLabel("Full name").FillAsync("Ada Shopper");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("1 Market Street");
        await page.GetByLabel("City").FillAsync("Berlin");
        await page.GetByLabel("Postal code").FillAsync("10115");
        await page.GetByLabel("Country (two-letter code, e.g. DE)").FillAsync("DE");
    }

    /// <summary>Waits on the order page (which reloads itself while pending) until the status is final.</summary>
    public static async Task<string> FinalStatusAsync(IPage page)
    {
        return await Eventually.Until(
            async () =>
            {
                var status = (await page.GetByTestId("order-status").TextContentAsync())!.Trim();
                if (status == "Pending")
                {
                    await page.GetByRole(AriaRole.Link, new() { Name = "check again" }).ClickAsync();
                }

                return status;
            },
            status => status != "Pending",
            TimeSpan.FromSeconds(60),
            "the order should leave Pending");
    }

    /// <summary>Screenshots for the README, when <c>SHOP_SCREENSHOTS</c> names a folder (docs/images: relative to
    /// the repository, not to the test host's working directory).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SHOP_SCREENSHOTS") is { Length: > 0 } named)
        {
            var folder = Path.IsPathRooted(named) ? named : Repository.Path(named);
            Directory.CreateDirectory(folder);
            // No focus ring in the picture (a page loaded by Blazor may focus its heading).
            await page.EvaluateAsync("() => document.activeElement?.blur()");
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(folder, $"storefront-{name}.png"),
                FullPage = false,
            });
        }
    }

    private static string Template(string path) => string.Join('/', path.Split('/').Select(segment =>
        Guid.TryParse(segment, out _) ? "{id}" : segment));
}
