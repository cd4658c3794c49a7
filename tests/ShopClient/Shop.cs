using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ShopClient;

/// <summary>Signed-in clients of a shop, made through the real OAuth flow.</summary>
public static class Accounts
{
    public const string CustomerScopes = "openid profile email roles offline_access cart orders";

    public static async Task<HttpClient> Customer(IShopEndpoint host, string scopes = CustomerScopes)
    {
        var email = $"customer-{Guid.NewGuid():N}@example.com";
        var tokens = await Tokens.RegisterAndSignInAsync(host, email, "Str0ng-Passw0rd!", scopes);
        return Bearer(host, tokens.AccessToken);
    }

    public static async Task<HttpClient> Admin(IShopEndpoint host)
    {
        var tokens = await Tokens.SignInAsync(
            host,
            Tokens.AdminEmail,
            Tokens.AdminPassword,
            "openid roles catalog.admin cart orders");
        return Bearer(host, tokens.AccessToken);
    }

    public static HttpClient Bearer(IShopEndpoint host, string accessToken)
    {
        var client = host.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}

/// <summary>Small typed steps over the public API, so tests read as the shop's story.</summary>
public static class Shop
{
    public static readonly object Address = new
    {
        name = "Ada Lovelace", line1 = "1 Analytical St", city = "London", postalCode = "N1 7AA", country = "GB",
    };

    public static async Task<JsonNode> Json(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static async Task<Guid> CreateProduct(HttpClient admin, int stock, decimal price = 10m)
    {
        var sku = $"T-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var response = await admin.PostAsJsonAsync(
            "/api/catalog/products",
            new { sku, name = $"Test {sku}", description = "test", unitPrice = price, stock });
        await Expect(response, System.Net.HttpStatusCode.Created, "creating a product");
        return (await response.Json())["id"]!.GetValue<Guid>();
    }

    public static async Task<int> Stock(HttpClient client, Guid productId) =>
        (await (await client.GetAsync($"/api/catalog/products/{productId}")).Json())["availableStock"]!.GetValue<int>();

    public static Task<HttpResponseMessage> AddToCart(HttpClient client, Guid productId, int quantity) =>
        client.PostAsJsonAsync("/api/cart/items", new { productId, quantity });

    public static Task<HttpResponseMessage> Checkout(HttpClient client, string key, object? address = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout")
        {
            Content = JsonContent.Create(new { shippingAddress = address ?? Address }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PlaceOrder(
        HttpClient client,
        string key,
        params (Guid ProductId, int Quantity)[] items)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { items = items.Select(
                i => new { productId = i.ProductId, quantity = i.Quantity }), shippingAddress = Address }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static Task<JsonNode> OrderReaching(HttpClient client, Guid orderId, params string[] statuses) =>
        OrderReaching(client, orderId, TimeSpan.FromSeconds(20), statuses);

    /// <summary>Polls the order until its status is one of <paramref name="statuses"/>; answers other than 200 (an
    /// instance restarting) are polled through.</summary>
    public static async Task<JsonNode> OrderReaching(
        HttpClient client,
        Guid orderId,
        TimeSpan timeout,
        params string[] statuses)
    {
        var (_, order) = await Eventually.Until(
            async () =>
            {
                using var response = await client.GetAsync($"/api/orders/{orderId}");
                return (response.StatusCode, Body: response.IsSuccessStatusCode ? await response.Json() : null);
            },
            answer => answer.Body?["status"]?.GetValue<string>() is { } status && statuses.Contains(status),
            timeout,
            $"order {orderId} should reach {string.Join(" or ", statuses)}");
        return order!;
    }

    /// <summary>Throws with the answer's body when the status is not the expected one (the body says why).</summary>
    public static async Task Expect(HttpResponseMessage response, System.Net.HttpStatusCode status, string step)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException(
                $"{step}: expected {(int)status}, got {(int)response.StatusCode}: "
                + await response.Content.ReadAsStringAsync());
        }
    }
}
