using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TestSupport;

namespace Commerce.Tests;

/// <summary>
/// One real Host for a test class, and signed-in clients made through the real OAuth flow. On SQLite files by
/// default; with <c>SHOP_TEST_DATABASE=postgres</c> each fixture gets its own fresh PostgreSQL database.
/// </summary>
public sealed class ShopFixture : IAsyncLifetime
{
    /// <summary>
    /// Settings for every Host of these tests. On PostgreSQL they name one database for this test run, which only the
    /// tests that start their own Hosts use (a restart reopens the same database); each fixture replaces it with its own.
    /// </summary>
    public static readonly Dictionary<string, string?> TestSettings = WithTestDatabase(new()
    {
        // Tests sign in many users from one address.
        ["Identity:RateLimits:SignInPerMinute"] = "100000",
        ["Identity:RateLimits:RegisterPerMinute"] = "100000",
        ["Identity:RateLimits:TokenPerMinute"] = "100000",
    });

    private PostgresDatabase? _database;

    public ShopHost Host { get; private set; } = null!;
    public HttpClient Anonymous => Host.CreateHttpClient();

    public Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(TestSettings);
        if (PostgresDatabase.Requested)
        {
            _database = PostgresDatabase.Create();
            foreach (var (key, value) in _database.Settings)
            {
                settings[key] = value;
            }
        }

        Host = new ShopHost(settings: settings);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        _database?.Dispose();
        return Task.CompletedTask;
    }

    public Task<HttpClient> Customer() => Accounts.Customer(Host);

    public Task<HttpClient> Admin() => Accounts.Admin(Host);

    private static Dictionary<string, string?> WithTestDatabase(Dictionary<string, string?> settings)
    {
        if (PostgresDatabase.Requested)
        {
            var database = PostgresDatabase.Create();

            // Best effort: the test runner may end this process first; the throwaway server goes with `ci-postgres.sh stop`.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => database.Dispose();
            foreach (var (key, value) in database.Settings)
            {
                settings[key] = value;
            }
        }

        return settings;
    }
}

public static class Accounts
{
    public const string CustomerScopes = "openid profile email roles offline_access cart orders";

    public static async Task<HttpClient> Customer(ShopHost host, string scopes = CustomerScopes)
    {
        var email = $"customer-{Guid.NewGuid():N}@example.com";
        var tokens = await Tokens.RegisterAndSignInAsync(host, email, "Str0ng-Passw0rd!", scopes);
        return Bearer(host, tokens.AccessToken);
    }

    public static async Task<HttpClient> Admin(ShopHost host)
    {
        var tokens = await Tokens.SignInAsync(host, Tokens.AdminEmail, Tokens.AdminPassword, "openid roles catalog.admin cart orders");
        return Bearer(host, tokens.AccessToken);
    }

    public static HttpClient Bearer(ShopHost host, string accessToken)
    {
        var client = host.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}

/// <summary>Small typed steps over the public API, so tests read as the shop's story.</summary>
public static class Shop
{
    public static readonly object Address = new { name = "Ada Lovelace", line1 = "1 Analytical St", city = "London", postalCode = "N1 7AA", country = "GB" };

    public static async Task<JsonNode> Json(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static async Task<Guid> CreateProduct(HttpClient admin, int stock, decimal price = 10m)
    {
        var sku = $"T-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var response = await admin.PostAsJsonAsync("/api/catalog/products", new { sku, name = $"Test {sku}", description = "test", unitPrice = price, stock });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Json())["id"]!.GetValue<Guid>();
    }

    public static async Task<int> Stock(HttpClient client, Guid productId) =>
        (await (await client.GetAsync($"/api/catalog/products/{productId}")).Json())["availableStock"]!.GetValue<int>();

    public static Task<HttpResponseMessage> AddToCart(HttpClient client, Guid productId, int quantity) =>
        client.PostAsJsonAsync("/api/cart/items", new { productId, quantity });

    public static Task<HttpResponseMessage> Checkout(HttpClient client, string key, object? address = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout") { Content = JsonContent.Create(new { shippingAddress = address ?? Address }) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PlaceOrder(HttpClient client, string key, params (Guid ProductId, int Quantity)[] items)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { items = items.Select(i => new { productId = i.ProductId, quantity = i.Quantity }), shippingAddress = Address }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static async Task<JsonNode> OrderReaching(HttpClient client, Guid orderId, params string[] statuses) =>
        await Eventually.Until(
            async () => await (await client.GetAsync($"/api/orders/{orderId}")).Json(),
            order => statuses.Contains(order["status"]!.GetValue<string>()),
            because: $"order {orderId} should reach {string.Join(" or ", statuses)}");
}
