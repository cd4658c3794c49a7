using System.Net;
using System.Text.Json.Nodes;

namespace DataGrowth.Tests.Infrastructure;

internal sealed record Customer(string Email, string Password, string RefreshToken, HttpClient Client);

/// <summary>
/// A small shop made over the public API: products, three customers with passwords and refresh tokens, carts with
/// lines, and orders that are Confirmed, Rejected, Cancelled and Shipped (a Pending one is added by the tests that
/// need an event in flight).
/// </summary>
internal sealed class ShopStory
{
    public const string Password = "Gr0wing-Shop!";

    public List<Customer> Customers { get; } = [];
    public Dictionary<Guid, string> Orders { get; } = [];
    public List<Guid> Products { get; } = [];

    public static async Task<ShopStory> MakeAsync(IShopEndpoint shop)
    {
        var story = new ShopStory();
        using var admin = await Accounts.Admin(shop);
        story.Products.Add(await Shop.CreateProduct(admin, stock: 50, price: 12.5m));
        story.Products.Add(await Shop.CreateProduct(admin, stock: 50, price: 3m));
        story.Products.Add(await Shop.CreateProduct(admin, stock: 1, price: 99.99m));
        for (var i = 0; i < 3; i++)
        {
            var email = Tokens.UniqueEmail($"grow{i}");
            var tokens = await Tokens.RegisterAndSignInAsync(shop, email, Password);
            story.Customers
                .Add(new Customer(email, Password, tokens.RefreshToken!, Accounts.Bearer(shop, tokens.AccessToken)));
        }

        foreach (var customer in story.Customers)
        {
            var confirmed = await story.OrderAsync(customer.Client, story.Products[0], 2, "Confirmed");
            await story.OrderAsync(customer.Client, story.Products[2], 5, "Rejected");
            var cancelled = await story.OrderAsync(customer.Client, story.Products[1], 1, "Confirmed");
            await Shop.Expect(
                await customer.Client.PostAsync($"/api/orders/{cancelled}/cancel", null),
                HttpStatusCode.OK,
                "cancelling");
            story.Orders[cancelled] = "Cancelled";
            var shipped = await story.OrderAsync(customer.Client, story.Products[1], 3, "Confirmed");
            await Shop.Expect(
                await admin.PostAsync($"/api/orders/{shipped}/ship", null),
                HttpStatusCode.OK,
                "shipping");
            story.Orders[shipped] = "Shipped";
            _ = confirmed;

            await Shop.Expect(
                await Shop.AddToCart(customer.Client, story.Products[0], 1),
                HttpStatusCode.OK,
                "adding to the cart");
            await Shop.Expect(
                await Shop.AddToCart(customer.Client, story.Products[1], 4),
                HttpStatusCode.OK,
                "adding to the cart");
        }

        return story;
    }

    private async Task<Guid> OrderAsync(HttpClient client, Guid product, int quantity, string expected)
    {
        var placed = await Shop.PlaceOrder(client, Guid.NewGuid().ToString(), (product, quantity));
        await Shop.Expect(placed, HttpStatusCode.Created, "placing an order");
        var id = (await placed.Json())["id"]!.GetValue<Guid>();
        var order = await Shop.OrderReaching(client, id, "Confirmed", "Rejected");
        Assert.Equal(expected, order["status"]!.GetValue<string>());
        Orders[id] = expected;
        return id;
    }

    /// <summary>What each customer's orders and cart answer, through <paramref name="shop"/>, with the customer's new
    /// sign-in.</summary>
    public async Task<Dictionary<string, JsonNode>> AnswersAsync(IShopEndpoint shop, IEnumerable<Guid>? leaveOut = null)
    {
        var skip = (leaveOut ?? []).ToHashSet();
        var answers = new Dictionary<string, JsonNode>();
        foreach (var customer in Customers)
        {
            var tokens = await Tokens.SignInAsync(shop, customer.Email, customer.Password);
            using var client = Accounts.Bearer(shop, tokens.AccessToken);
            answers[$"{customer.Email} cart"] = await OkJson(client, "/api/cart");
            var list = await OkJson(client, "/api/orders?pageSize=100");
            foreach (var item in list["items"]!.AsArray().ToList())
            {
                var id = item!["id"]!.GetValue<Guid>();
                if (skip.Contains(id))
                {
                    list["items"]!.AsArray().Remove(item);
                    continue;
                }

                answers[$"order {id}"] = await OkJson(client, $"/api/orders/{id}");
            }

            list.AsObject().Remove("totalCount");
            answers[$"{customer.Email} orders"] = list;
        }

        foreach (var product in Products)
        {
            answers[$"stock {product}"] = JsonValue.Create(await Shop.Stock(shop.CreateHttpClient(), product));
        }

        return answers;
    }

    /// <summary>The same answers; <paramref name="stockTakenByInFlight"/>: units an order in flight at the backup took
    /// since.</summary>
    public static void AssertSame(
        Dictionary<string, JsonNode> before, Dictionary<string, JsonNode> after,
        (Guid Product, int Units)? stockTakenByInFlight = null)
    {
        if (stockTakenByInFlight is var (product, units))
        {
            before = new Dictionary<string, JsonNode>(before)
            {
                [$"stock {product}"] = JsonValue.Create(before[$"stock {product}"].GetValue<int>() - units),
            };
        }

        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (key, answer) in before)
        {
            Assert.True(
                JsonNode.DeepEquals(answer, after[key]),
                $"{key} answers differently:\nbefore {answer.ToJsonString()}\nafter  {after[key].ToJsonString()}");
        }
    }

    private static async Task<JsonNode> OkJson(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        await Shop.Expect(response, HttpStatusCode.OK, $"GET {path}");
        return await response.Json();
    }
}
