using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Storefront.Api;

/// <summary>
/// <see cref="IShopApi"/> over HTTP, with the signed-in user's access token (<see cref="UserAccessTokenHandler"/>).
/// Written by hand against API.md until the generated <c>Shop.Client</c> exists (see the ADR).
/// </summary>
internal sealed class HttpShopApi(HttpClient http) : IShopApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<Paged<Product>> ListProductsAsync(string? search, int page, int pageSize, CancellationToken cancel)
    {
        var query = $"api/catalog/products?page={page}&pageSize={pageSize}";
        if (!string.IsNullOrWhiteSpace(search))
        {
            query += "&search=" + Uri.EscapeDataString(search.Trim());
        }

        return SendAsync<Paged<Product>>(new HttpRequestMessage(HttpMethod.Get, query), cancel);
    }

    public async Task<VersionedProduct> GetProductAsync(Guid id, CancellationToken cancel)
    {
        using var response = await CallAsync(new HttpRequestMessage(HttpMethod.Get, ProductPath(id)), cancel);
        return new VersionedProduct(await ReadAsync<Product>(response, cancel), response.Headers.ETag?.ToString());
    }

    public Task<Product> CreateProductAsync(ProductDraft draft, CancellationToken cancel) =>
        SendAsync<Product>(new HttpRequestMessage(HttpMethod.Post, "api/catalog/products")
        {
            Content = JsonContent.Create(draft, options: Json),
        }, cancel);

    public async Task<VersionedProduct> UpdateProductAsync(
        Guid id, ProductDraft draft, string ifMatch, CancellationToken cancel)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, ProductPath(id))
        {
            Content = JsonContent.Create(
                new { draft.Sku, draft.Name, draft.Description, draft.UnitPrice }, options: Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await CallAsync(request, cancel);
        return new VersionedProduct(await ReadAsync<Product>(response, cancel), response.Headers.ETag?.ToString());
    }

    public async Task DeleteProductAsync(Guid id, CancellationToken cancel)
    {
        using var response = await CallAsync(new HttpRequestMessage(HttpMethod.Delete, ProductPath(id)), cancel);
    }

    public Task<Product> AdjustStockAsync(Guid id, int delta, CancellationToken cancel) =>
        SendAsync<Product>(new HttpRequestMessage(HttpMethod.Post, ProductPath(id) + "/stock-adjustments")
        {
            Content = JsonContent.Create(new { delta }, options: Json),
        }, cancel);

    public Task<ShoppingCart> GetCartAsync(CancellationToken cancel) =>
        SendAsync<ShoppingCart>(new HttpRequestMessage(HttpMethod.Get, "api/cart"), cancel);

    public Task<ShoppingCart> AddToCartAsync(Guid productId, int quantity, CancellationToken cancel) =>
        SendAsync<ShoppingCart>(new HttpRequestMessage(HttpMethod.Post, "api/cart/items")
        {
            Content = JsonContent.Create(new { productId, quantity }, options: Json),
        }, cancel);

    public Task<ShoppingCart> SetQuantityAsync(Guid productId, int quantity, CancellationToken cancel) =>
        SendAsync<ShoppingCart>(new HttpRequestMessage(HttpMethod.Put, $"api/cart/items/{productId}")
        {
            Content = JsonContent.Create(new { quantity }, options: Json),
        }, cancel);

    public Task<ShoppingCart> RemoveFromCartAsync(Guid productId, CancellationToken cancel) =>
        SendAsync<ShoppingCart>(new HttpRequestMessage(HttpMethod.Delete, $"api/cart/items/{productId}"), cancel);

    public Task<Order> CheckoutAsync(Address address, string idempotencyKey, CancellationToken cancel)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/cart/checkout")
        {
            Content = JsonContent.Create(new { shippingAddress = address }, options: Json),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return SendAsync<Order>(request, cancel);
    }

    public Task<Paged<Order>> ListOrdersAsync(int page, int pageSize, CancellationToken cancel) =>
        SendAsync<Paged<Order>>(
            new HttpRequestMessage(HttpMethod.Get, $"api/orders?page={page}&pageSize={pageSize}"), cancel);

    public Task<Order> GetOrderAsync(Guid id, CancellationToken cancel) =>
        SendAsync<Order>(new HttpRequestMessage(HttpMethod.Get, $"api/orders/{id}"), cancel);

    public Task<Order> CancelOrderAsync(Guid id, CancellationToken cancel) =>
        SendAsync<Order>(new HttpRequestMessage(HttpMethod.Post, $"api/orders/{id}/cancel"), cancel);

    public Task<Order> ShipOrderAsync(Guid id, CancellationToken cancel) =>
        SendAsync<Order>(new HttpRequestMessage(HttpMethod.Post, $"api/orders/{id}/ship"), cancel);

    private static string ProductPath(Guid id) =>
        "api/catalog/products/" + id.ToString("D", CultureInfo.InvariantCulture);

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancel)
    {
        using var response = await CallAsync(request, cancel);
        return await ReadAsync<T>(response, cancel);
    }

    private async Task<HttpResponseMessage> CallAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel);
            }
        }
        catch (Exception e) when (e is HttpRequestException
            || (e is TaskCanceledException && !cancel.IsCancellationRequested))
        {
            throw new ApiFailureException(null, "The shop did not answer.", inner: e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await FailureAsync(response, cancel);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancel) =>
        await response.Content.ReadFromJsonAsync<T>(Json, cancel)
        ?? throw new ApiFailureException(response.StatusCode, "The shop sent an empty answer.");

    private static async Task<ApiFailureException> FailureAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        Problem? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<Problem>(Json, cancel);
            }
            catch (JsonException)
            {
                // An error page of a proxy, not a problem: the status says enough.
            }
        }

        var message = problem?.Detail ?? problem?.Title ?? response.StatusCode switch
        {
            HttpStatusCode.NotFound => "That does not exist (any more).",
            HttpStatusCode.Unauthorized => "Please sign in again.",
            HttpStatusCode.Forbidden => "You may not do that.",
            _ => "The shop could not do that.",
        };
        return new ApiFailureException(response.StatusCode, message, problem?.Errors, title: problem?.Title);
    }

    private sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
