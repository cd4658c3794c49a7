using System.Net;
using System.Net.Http.Json;
using TestSupport;

namespace Commerce.Tests;

/// <summary>
/// Every text the API accepts at its longest is stored and read back whole: a column shorter than its validator's
/// limit fails only on a server that enforces lengths (PostgreSQL, SQL Server; SQLite ignores them). In CI this suite
/// runs on both.
/// </summary>
public sealed class LongestValuesTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task A_product_an_address_and_a_display_name_at_their_longest_are_kept_whole()
    {
        var admin = await shop.Admin();
        var sku = ("L-" + Guid.NewGuid().ToString("N").ToUpperInvariant() + "LONGEST")[..32];
        var name = Longest(200);
        var description = Longest(2000);
        var created = await admin.PostAsJsonAsync(
            "/api/catalog/products", new { sku, name, description, unitPrice = 1_000_000m, stock = 5 });
        await Shop.Expect(created, HttpStatusCode.Created, "a product at its longest");
        var product = await created.Json();
        Assert.Equal(sku, product["sku"]!.GetValue<string>());
        Assert.Equal(name, product["name"]!.GetValue<string>());
        Assert.Equal(description, product["description"]!.GetValue<string>());

        var email = $"{new string('l', 40)}-{Guid.NewGuid():N}@{new string('e', 150)}.example.com";
        var displayName = Longest(100);
        using var anonymous = shop.Anonymous;
        var registered = await anonymous.PostAsJsonAsync(
            "/api/identity/register", new { email, password = "Str0ng-Passw0rd!", displayName });
        await Shop.Expect(registered, HttpStatusCode.Created, "an account at its longest");
        Assert.Equal(displayName, (await registered.Json())["displayName"]!.GetValue<string>());

        var tokens = await Tokens.SignInAsync(shop.Host, email, "Str0ng-Passw0rd!", Accounts.CustomerScopes);
        using var customer = Accounts.Bearer(shop.Host, tokens.AccessToken);
        await Shop.Expect(
            await Shop.AddToCart(customer, product["id"]!.GetValue<Guid>(), 10), HttpStatusCode.OK, "ten units");
        var address = new
        {
            name = Longest(200), line1 = Longest(200), line2 = Longest(200), city = Longest(200),
            postalCode = Longest(20), country = "DE",
        };
        var checkout = await Shop.Checkout(customer, new string('k', 64), address);
        await Shop.Expect(checkout, HttpStatusCode.Created, "a checkout at its longest");

        var order = await (await customer.GetAsync(checkout.Headers.Location)).Json();
        Assert.Equal(name, order["items"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(10_000_000m, order["total"]!.GetValue<decimal>());
        var shipping = order["shippingAddress"]!;
        Assert.Equal(address.name, shipping["name"]!.GetValue<string>());
        Assert.Equal(address.line2, shipping["line2"]!.GetValue<string>());
        Assert.Equal(address.postalCode, shipping["postalCode"]!.GetValue<string>());
        Assert.Equal(email, TokenSet.Claim(tokens.IdToken!, "email"));
    }

    /// <summary>Letters beyond ASCII: a limit counted in bytes somewhere would show.</summary>
    private static string Longest(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => "åßçdé"[i % 5]));
}
