using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests;

/// <summary>
/// The <c>shop</c> CLI run as a process against the deployment: signed in with the device flow, approved on the
/// verification page by the test (cookies, antiforgery), then browsing, the cart, the checkout and the orders, with
/// the exit codes docs/cli.md promises.
/// </summary>
[Collection(DeploymentCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CliTests(Deployment shop)
{
    private static readonly string[] Address =
        ["--name", "Ada Lovelace", "--line1", "1 Analytical St", "--city", "London", "--postal-code", "N1 7AA",
         "--country", "GB"];

    [Fact]
    public async Task A_customer_signs_in_with_the_device_flow_and_checks_out_with_the_cli()
    {
        using var cli = Cli();
        var email = Tokens.UniqueEmail("cli");
        using (var anonymous = shop.CreateHttpClient())
        {
            Assert.Equal(HttpStatusCode.Created,
                (await Tokens.RegisterAsync(anonymous, email, Tokens.CustomerPassword)).StatusCode);
        }

        var login = await cli.LoginAsync(page =>
            VerificationPage.DecideAsync(shop, page, email, Tokens.CustomerPassword));
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("cart", login.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("catalog.admin", login.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.TokenFile));

        var product = await InStockProductAsync(cli);
        var sku = product["sku"]!.GetValue<string>();
        var found = await cli.RunAsync("products", "search", sku, "--output", "json");
        Assert.Contains(found.Json["items"]!.AsArray(), p => p!["sku"]!.GetValue<string>() == sku);

        var added = await cli.RunAsync("cart", "add", sku, "2", "-o", "json");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal(2, added.Json["totalQuantity"]!.GetValue<int>());
        var set = await cli.RunAsync("cart", "set", sku, "1", "-o", "json");
        Assert.Equal(1, set.Json["totalQuantity"]!.GetValue<int>());
        var table = await cli.RunAsync("cart", "show");
        Assert.Contains(sku, table.Output, StringComparison.Ordinal);

        var checkout = await cli.RunAsync(["checkout", .. Address, "-o", "json"]);
        Assert.True(checkout.ExitCode == 0, checkout.ToString());
        Assert.Equal("Confirmed", checkout.Json["status"]!.GetValue<string>());
        var order = checkout.Json["id"]!.GetValue<string>();

        var orders = await cli.RunAsync("orders", "list", "-o", "json");
        Assert.Contains(orders.Json["items"]!.AsArray(), o => o!["id"]!.GetValue<string>() == order);
        var shown = await cli.RunAsync("orders", "show", order);
        Assert.Contains("Confirmed", shown.Output, StringComparison.Ordinal);
        var cancelled = await cli.RunAsync("orders", "cancel", order, "-o", "json");
        Assert.Equal("Cancelled", cancelled.Json["status"]!.GetValue<string>());

        var again = await cli.RunAsync("orders", "cancel", order);
        Assert.True(again.ExitCode == 6, again.ToString());
        Assert.Contains("409", again.Error, StringComparison.Ordinal);
        var notAdmin = await cli.RunAsync(
            "products", "create", "--sku", "CLI-NOT-ADMIN", "--name", "x", "--price", "1");
        Assert.True(notAdmin.ExitCode == 4, notAdmin.ToString());
        Assert.Contains("403", notAdmin.Error, StringComparison.Ordinal);
        var missing = await cli.RunAsync("orders", "show", Guid.NewGuid().ToString());
        Assert.True(missing.ExitCode == 5, missing.ToString());
        var emptyCart = await cli.RunAsync(["checkout", .. Address]);
        Assert.True(emptyCart.ExitCode == 6, emptyCart.ToString());

        var logout = await cli.RunAsync("logout");
        Assert.Equal(0, logout.ExitCode);
        var signedOut = await cli.RunAsync("cart", "show");
        Assert.True(signedOut.ExitCode == 3, signedOut.ToString());
    }

    [Fact]
    public async Task An_admin_signed_in_with_the_cli_manages_the_catalog_and_ships()
    {
        using var cli = Cli();
        var login = await cli.LoginAsync(page =>
            VerificationPage.DecideAsync(shop, page, Tokens.AdminEmail, Tokens.AdminPassword));
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("catalog.admin", login.Output, StringComparison.Ordinal);

        var sku = "CLI-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var created = await cli.RunAsync(
            "products", "create", "--sku", sku, "--name", "CLI mug", "--price", "12.50", "--stock", "3", "-o", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var duplicate = await cli.RunAsync("products", "create", "--sku", sku, "--name", "again", "--price", "1");
        Assert.True(duplicate.ExitCode == 6, duplicate.ToString());
        var invalid = await cli.RunAsync("products", "create", "--sku", "bad sku!", "--name", "x", "--price", "1");
        Assert.True(invalid.ExitCode == 7, invalid.ToString());

        var adjusted = await cli.RunAsync("stock", "adjust", sku, "--delta=-2", "-o", "json");
        Assert.True(adjusted.ExitCode == 0, adjusted.ToString());
        Assert.Equal(1, adjusted.Json["availableStock"]!.GetValue<int>());
        var belowZero = await cli.RunAsync("stock", "adjust", sku, "--delta=-5");
        Assert.True(belowZero.ExitCode == 6, belowZero.ToString());
        var updated = await cli.RunAsync("products", "update", sku, "--price", "9.99", "-o", "json");
        Assert.True(updated.ExitCode == 0, updated.ToString());
        Assert.Equal(9.99m, updated.Json["unitPrice"]!.GetValue<decimal>());

        Assert.Equal(0, (await cli.RunAsync("cart", "add", sku, "1")).ExitCode);
        var checkout = await cli.RunAsync(["checkout", .. Address, "-o", "json"]);
        Assert.True(checkout.ExitCode == 0, checkout.ToString());
        var shipped = await cli.RunAsync("orders", "ship", checkout.Json["id"]!.GetValue<string>(), "-o", "json");
        Assert.Equal("Shipped", shipped.Json["status"]!.GetValue<string>());

        var deleted = await cli.RunAsync("products", "delete", sku);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var gone = await cli.RunAsync("products", "show", sku);
        Assert.True(gone.ExitCode == 5, gone.ToString());
    }

    [Fact]
    public async Task The_cli_renews_an_expiring_access_token_with_the_rolled_refresh_token()
    {
        using var cli = Cli();
        var email = Tokens.UniqueEmail("cli-refresh");
        using (var anonymous = shop.CreateHttpClient())
        {
            await Tokens.RegisterAsync(anonymous, email, Tokens.CustomerPassword);
        }

        Assert.Equal(0, (await cli.LoginAsync(page =>
            VerificationPage.DecideAsync(shop, page, email, Tokens.CustomerPassword))).ExitCode);
        var before = StoredTokens(cli);
        // As if the access token were about to expire: the next command must renew it first.
        before["expiresAt"] = DateTimeOffset.UtcNow.AddSeconds(5).ToString("O");
        File.WriteAllText(cli.TokenFile, StoredFile(cli, before));

        var cart = await cli.RunAsync("cart", "show", "-o", "json");

        var after = StoredTokens(cli);
        Assert.True(cart.ExitCode == 0, cart.ToString());
        Assert.NotEqual(before["refreshToken"]!.GetValue<string>(), after["refreshToken"]!.GetValue<string>());
        Assert.NotEqual(before["accessToken"]!.GetValue<string>(), after["accessToken"]!.GetValue<string>());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.TokenFile));
    }

    [Fact]
    public async Task A_denied_sign_in_ends_shop_login_with_exit_code_3_and_stores_nothing()
    {
        using var cli = Cli();
        var email = Tokens.UniqueEmail("cli-deny");
        using (var anonymous = shop.CreateHttpClient())
        {
            await Tokens.RegisterAsync(anonymous, email, Tokens.CustomerPassword);
        }

        var login = await cli.LoginAsync(page =>
            VerificationPage.DecideAsync(shop, page, email, Tokens.CustomerPassword, approve: false));

        Assert.True(login.ExitCode == 3, login.ToString());
        Assert.Contains("denied", login.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.TokenFile));
    }

    [Fact]
    public async Task Without_a_sign_in_or_with_a_wrong_command_the_cli_says_so_with_its_exit_codes()
    {
        using var cli = Cli();

        var cart = await cli.RunAsync("cart", "show");
        var unknown = await cli.RunAsync("carts");
        var products = await cli.RunAsync("products", "list", "--page-size", "5", "-o", "json");
        var badPage = await cli.RunAsync("products", "list", "--page-size", "1000");

        Assert.True(cart.ExitCode == 3, cart.ToString());
        Assert.Contains("shop login", cart.Error, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.True(products.ExitCode == 0, products.ToString());
        Assert.Equal(5, products.Json["items"]!.AsArray().Count);
        Assert.True(badPage.ExitCode == 7, badPage.ToString());
    }

    private ShopCli Cli() => new(shop.BaseAddress, Deployment.Topology == Topology.Monolith && Deployment.Launched
        ? null
        : Environment.GetEnvironmentVariable(Deployment.CaVariable) is { Length: > 0 } ca ? ca
        : Deployment.Launched ? ScriptedTopology.Certificate : null);

    private static async Task<JsonNode> InStockProductAsync(ShopCli cli)
    {
        var list = await cli.RunAsync("products", "list", "--page-size", "100", "-o", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        return list.Json["items"]!.AsArray()
            .Where(p => p!["availableStock"]!.GetValue<int>() >= 10)
            .OrderByDescending(p => p!["availableStock"]!.GetValue<int>())
            .First()!;
    }

    private static JsonObject StoredTokens(ShopCli cli) =>
        JsonNode.Parse(File.ReadAllText(cli.TokenFile))!.AsObject().Single().Value!.AsObject();

    private static string StoredFile(ShopCli cli, JsonObject tokens)
    {
        var all = JsonNode.Parse(File.ReadAllText(cli.TokenFile))!.AsObject();
        var key = all.Single().Key;
        all[key] = JsonNode.Parse(tokens.ToJsonString());
        return all.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
