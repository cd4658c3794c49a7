using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Extensions;
using Shop.Client;
using Shop.Client.Generated;
using Shop.Client.Generated.Models;

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

/// <summary>
/// Small typed steps over the public API, so tests read as the shop's story. The shopping calls go through the typed
/// client (src/Shop.Client, generated from the OpenAPI document), so every suite exercises it; they hand back the raw
/// answer, because tests assert on statuses and headers. Deliberately bad input is sent raw by the tests themselves.
/// </summary>
public static class Shop
{
    public static readonly object Address = new
    {
        name = "Ada Lovelace", line1 = "1 Analytical St", city = "London", postalCode = "N1 7AA", country = "GB",
    };

    private static readonly ConditionalWeakTable<HttpClient, ShopApi> Typed = [];

    /// <summary>The typed client over this test client (its handlers, its token).</summary>
    public static ShopApi Api(HttpClient client) => Typed.GetValue(client, ShopApiFactory.Create);

    public static ShippingAddress TypedAddress() => new()
    {
        Name = "Ada Lovelace", Line1 = "1 Analytical St", City = "London", PostalCode = "N1 7AA", Country = "GB",
    };

    public static async Task<JsonNode> Json(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>An order's or a cart's quantity of each product (its <c>items</c>).</summary>
    public static Dictionary<Guid, int> Quantities(this JsonNode orderOrCart) =>
        orderOrCart["items"]!.AsArray().ToDictionary(
            line => line!["productId"]!.GetValue<Guid>(), line => line!["quantity"]!.GetValue<int>());

    public static async Task<Guid> CreateProduct(HttpClient admin, int stock, decimal price = 10m)
    {
        var sku = $"T-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        using var response = await Raw<DefaultQueryParameters>(c => Api(admin).Api.Catalog.Products.PostAsync(
            new CreateProductRequest
            {
                Sku = sku, Name = $"Test {sku}", Description = "test", UnitPrice = price, Stock = stock,
            },
            c));
        await Expect(response, System.Net.HttpStatusCode.Created, "creating a product");
        return (await response.Json())["id"]!.GetValue<Guid>();
    }

    public static async Task<int> Stock(HttpClient client, Guid productId) =>
        (await Api(client).Api.Catalog.Products[productId].GetAsync())!.AvailableStock!.Value;

    public static Task<HttpResponseMessage> AddToCart(HttpClient client, Guid productId, int quantity) =>
        Raw<DefaultQueryParameters>(c => Api(client).Api.Cart.Items.PostAsync(
            new AddItemRequest { ProductId = productId, Quantity = quantity },
            c));

    public static Task<HttpResponseMessage> Checkout(HttpClient client, string key, object? address = null)
    {
        if (address is null)
        {
            return Raw<DefaultQueryParameters>(
                c => Api(client).Api.Cart.Checkout.PostAsync(
                    new CheckoutRequest { ShippingAddress = TypedAddress() },
                    c),
                key);
        }

        // Any other address is a test's own (possibly bad) input: sent as it is.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout")
        {
            Content = JsonContent.Create(new { shippingAddress = address }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PlaceOrder(
        HttpClient client,
        string key,
        params (Guid ProductId, int Quantity)[] items) =>
        Raw<DefaultQueryParameters>(
            c => Api(client).Api.Orders.PostAsync(
                new PlaceOrderRequest
                {
                    Items =
                    [
                        .. items.Select(i => new OrderItemRequest { ProductId = i.ProductId, Quantity = i.Quantity }),
                    ],
                    ShippingAddress = TypedAddress(),
                },
                c),
            key);

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
                using var response = await Raw<DefaultQueryParameters>(
                    c => Api(client).Api.Orders[orderId].GetAsync(c));
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

    /// <summary>
    /// Makes a typed call and hands back the raw answer instead of the typed result (the typed client would throw on
    /// a 4xx, and tests assert on those): Kiota's native response handler takes the answer as it came.
    /// </summary>
    private static async Task<HttpResponseMessage> Raw<TQuery>(
        Func<Action<RequestConfiguration<TQuery>>, Task> call,
        string? idempotencyKey = null)
        where TQuery : class, new()
    {
        var native = new NativeResponseHandler();
        await call(configuration =>
        {
            configuration.Options.Add(new ResponseHandlerOption { ResponseHandler = native });
            if (idempotencyKey is not null)
            {
                configuration.Headers.Add("Idempotency-Key", idempotencyKey);
            }
        });
        return native.Value as HttpResponseMessage
            ?? throw new InvalidOperationException("The typed client made no request.");
    }
}
