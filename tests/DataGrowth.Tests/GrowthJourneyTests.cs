using System.Net;
using System.Text.Json.Nodes;
using DataGrowth.Tests.Infrastructure;

namespace DataGrowth.Tests;

/// <summary> The promise of the product, with the data: a monolith on SQLite grows into the scaled topology on
/// PostgreSQL, then into the split one, and its customers, their passwords, their refresh tokens, orders and carts come
/// along. Starts scripts/topology.sh (fixed ports): .ci/run runs it in its own step; by hand, under flock
/// /tmp/shop-topology.lock.
/// </summary>
[Trait("Category", "Topology")]
public sealed class GrowthJourneyTests
{
    /// <summary>The gateway's public address (scripts/topology.sh): the monolith issues its tokens under it
    /// already.</summary>
    private const string PublicIssuer = "https://localhost:5443/";

    [TopologyFact]
    public async Task A_monolith_grows_into_scaled_then_split_with_its_customers_orders_and_carts()
    {
        var work = Places.NewFolder("journey");
        var port = Ports.Free();
        var monolith = Places.Sqlite(Path.Combine(work, "monolith")).With("Auth:Issuer", PublicIssuer);

        // 1-2. The monolith's shop, a second refresh token of each customer for the split step, and an order in flight.
        ShopStory story;
        var laterTokens = new List<string>();
        Guid pending;
        // The monolith serves the shop's public address itself (HTTPS, the development certificate), as the scaled and
        // split topologies' gateway will: the issuer and every sign-in cookie stay the same through the growth.
        var publicAddress = new Uri(PublicIssuer);
        await using (var host = await HostProcess.StartAsync(monolith, port, work, publicAddress))
        {
            story = await ShopStory.MakeAsync(host);
            foreach (var customer in story.Customers)
            {
                laterTokens.Add((await Tokens.SignInAsync(host, customer.Email, customer.Password)).RefreshToken!);
            }
        }

        Dictionary<string, JsonNode> before;
        await using (var host = await HostProcess.StartAsync(
            monolith.With("Messaging:RelayEnabled", "false"),
            port,
            work,
            publicAddress))
        {
            var placed = await Shop.PlaceOrder(
                story.Customers[1].Client,
                "pending-while-growing",
                (story.Products[0], 1));
            await Shop.Expect(placed, HttpStatusCode.Created, "placing an order left Pending");
            pending = (await placed.Json())["id"]!.GetValue<Guid>();
            before = await story.AnswersAsync(host, [pending]);
        }

        // 3. Back up, then copy every module to PostgreSQL.
        var backup = await HostProcess.RunAsync(monolith, "backup", "--out", Path.Combine(work, "backup"));
        Assert.True(backup.ExitCode == 0, backup.ToString());
        using var postgres = new PostgresPlace();
        var copy = await HostProcess.RunAsync(
            monolith,
            "copy-data",
            "--to-provider",
            "Postgres",
            "--to-connection",
            postgres.ConnectionString);
        Assert.True(copy.ExitCode == 0, copy.ToString());

        // 4. Scaled: two Hosts behind the gateway on that database.
        var grown = new Dictionary<string, string> { ["SHOP_DATABASE"] = postgres.ConnectionString };
        Dictionary<string, JsonNode> afterScaled;
        await using (var scaled = await ScriptedTopology.StartAsync("scaled", grown))
        {
            using var shop = new GatewayEndpoint(scaled.Address);
            afterScaled = await CheckGrownShopAsync(
                shop,
                story,
                before,
                pending,
                story.Customers.Select(c => c.RefreshToken),
                postgres,
                true);
        }

        // 5. Split: one process per module, the same database and data.
        await using (var split = await ScriptedTopology.StartAsync("split", grown))
        {
            using var shop = new GatewayEndpoint(split.Address);
            await CheckGrownShopAsync(shop, story, afterScaled, pending, laterTokens, postgres, false);
        }
    }

    /// <summary>Every answer as before, old passwords and refresh tokens work, a new checkout confirms, verify is
    /// clean.</summary>
    private static async Task<Dictionary<string, JsonNode>> CheckGrownShopAsync(
        GatewayEndpoint shop, ShopStory story, Dictionary<string, JsonNode> before, Guid pending,
        IEnumerable<string> refreshTokens,
        PostgresPlace postgres, bool pendingJustDelivered)
    {
        using var owner = Accounts.Bearer(
            shop,
            (await Tokens.SignInAsync(shop, story.Customers[1].Email, ShopStory.Password)).AccessToken);
        await Shop.OrderReaching(owner, pending, TimeSpan.FromSeconds(60), "Confirmed");
        ShopStory.AssertSame(
            before,
            await story.AnswersAsync(shop, [pending]),
            pendingJustDelivered ? (story.Products[0], 1) : null);
        foreach (var refreshToken in refreshTokens)
        {
            Assert.False(string.IsNullOrEmpty((await Tokens.RefreshAsync(shop, refreshToken)).AccessToken));
        }

        var buyer = story.Customers[2];
        using var client = Accounts.Bearer(
            shop,
            (await Tokens.SignInAsync(shop, buyer.Email, ShopStory.Password)).AccessToken);
        await Shop.Expect(
            await Shop.AddToCart(client, story.Products[1], 2),
            HttpStatusCode.OK,
            "adding to the cart in the grown shop");
        var checkout = await Shop.Checkout(client, $"grown-{Guid.NewGuid():N}");
        await Shop.Expect(checkout, HttpStatusCode.Created, "checking out in the grown shop");
        await Shop.OrderReaching(
            client,
            (await checkout.Json())["id"]!.GetValue<Guid>(),
            TimeSpan.FromSeconds(60),
            "Confirmed");
        await Eventually.Until(async () => await (await client.GetAsync("/api/cart")).Json(),
            cart => cart["items"]!.AsArray().Count == 0, TimeSpan.FromSeconds(60), "the checkout empties the cart");

        var verify = await Eventually.Until(() => HostProcess.RunAsync(postgres.Settings, "verify"),
            result => result.ExitCode != 0
                || result.Output.Contains(" 0 order(s) with events", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "every event delivered");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        return await story.AnswersAsync(shop, [pending]);
    }
}

/// <summary>Runs when PostgreSQL is given (SHOP_TEST_POSTGRES) and SHOP_TEST_TOPOLOGY=true: it starts
/// scripts/topology.sh.</summary>
public sealed class TopologyFactAttribute : FactAttribute
{
    public TopologyFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresPlace.Variable))
            || Environment.GetEnvironmentVariable("SHOP_TEST_TOPOLOGY") != "true")
        {
            Skip = $"Starts scripts/topology.sh: runs with {PostgresPlace.Variable} and SHOP_TEST_TOPOLOGY=true (as " +
                ".ci/run does).";
        }
    }
}
