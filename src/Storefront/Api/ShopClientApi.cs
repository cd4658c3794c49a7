using System.Net;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Shop.Client.Generated;
using Shop.Client.Generated.Models;
using Shop.Client.Problems;

namespace Storefront.Api;

/// <summary>
/// <see cref="IShopApi"/> through the typed client of <c>src/Shop.Client</c> (Kiota's generated <see cref="ShopApi"/>
/// over its hand-written pipeline: problems as <see cref="ShopApiProblemException"/>, idempotent retries), with the
/// signed-in user's access token added per request (<see cref="UserAccessTokenHandler"/>). The generated models are
/// all-optional; the pages get the storefront's records, and every failure as an <see cref="ApiFailureException"/>.
/// </summary>
internal sealed class ShopClientApi(ShopApi shop) : IShopApi
{
    private const string IfMatch = "If-Match";

    public Task<Paged<Product>> ListProductsAsync(string? search, int page, int pageSize, CancellationToken cancel) =>
        CallAsync(
            async () => Paged(await shop.Api.Catalog.Products.GetAsync(
                q =>
                {
                    q.QueryParameters.Page = page;
                    q.QueryParameters.PageSize = pageSize;
                    q.QueryParameters.Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
                },
                cancel)),
            cancel);

    public Task<VersionedProduct> GetProductAsync(Guid id, CancellationToken cancel) =>
        CallAsync(
            async () =>
            {
                var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
                var product = await shop.Api.Catalog.Products[id].GetAsync(c => c.Options.Add(headers), cancel);
                return new VersionedProduct(Map(Present(product)), ETag(headers));
            },
            cancel);

    public Task<Product> CreateProductAsync(ProductDraft draft, CancellationToken cancel) =>
        CallAsync(
            async () => Map(Present(await shop.Api.Catalog.Products.PostAsync(
                new CreateProductRequest
                {
                    Sku = draft.Sku,
                    Name = draft.Name,
                    Description = draft.Description,
                    UnitPrice = draft.UnitPrice,
                    Stock = draft.Stock,
                },
                cancellationToken: cancel))),
            cancel);

    public Task<VersionedProduct> UpdateProductAsync(
        Guid id, ProductDraft draft, string ifMatch, CancellationToken cancel) =>
        CallAsync(
            async () =>
            {
                var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
                var product = await shop.Api.Catalog.Products[id].PutAsync(
                    new UpdateProductRequest
                    {
                        Sku = draft.Sku,
                        Name = draft.Name,
                        Description = draft.Description,
                        UnitPrice = draft.UnitPrice,
                    },
                    c =>
                    {
                        c.Headers.Add(IfMatch, ifMatch);
                        c.Options.Add(headers);
                    },
                    cancel);
                return new VersionedProduct(Map(Present(product)), ETag(headers));
            },
            cancel);

    public Task DeleteProductAsync(Guid id, CancellationToken cancel) =>
        CallAsync(
            async () =>
            {
                await shop.Api.Catalog.Products[id].DeleteAsync(cancellationToken: cancel);
                return true;
            },
            cancel);

    public Task<Product> AdjustStockAsync(Guid id, int delta, CancellationToken cancel) =>
        CallAsync(
            async () => Map(Present(await shop.Api.Catalog.Products[id].StockAdjustments.PostAsync(
                new AdjustStockRequest { Delta = delta }, cancellationToken: cancel))),
            cancel);

    public Task<ShoppingCart> GetCartAsync(CancellationToken cancel) =>
        CallAsync(async () => Map(Present(await shop.Api.Cart.GetAsync(cancellationToken: cancel))), cancel);

    public Task<ShoppingCart> AddToCartAsync(Guid productId, int quantity, CancellationToken cancel) =>
        CallAsync(
            async () => Map(Present(await shop.Api.Cart.Items.PostAsync(
                new AddItemRequest { ProductId = productId, Quantity = quantity }, cancellationToken: cancel))),
            cancel);

    public Task<ShoppingCart> SetQuantityAsync(Guid productId, int quantity, CancellationToken cancel) =>
        CallAsync(
            async () => Map(Present(await shop.Api.Cart.Items[productId].PutAsync(
                new SetQuantityRequest { Quantity = quantity }, cancellationToken: cancel))),
            cancel);

    public Task<ShoppingCart> RemoveFromCartAsync(Guid productId, CancellationToken cancel) =>
        CallAsync(
            async () => Map(Present(await shop.Api.Cart.Items[productId].DeleteAsync(cancellationToken: cancel))),
            cancel);

    public Task<Order> CheckoutAsync(Address address, string idempotencyKey, CancellationToken cancel) =>
        CallAsync(
            async () => Map(Present(await shop.Api.Cart.Checkout.PostAsync(
                new CheckoutRequest
                {
                    ShippingAddress = new ShippingAddress
                    {
                        Name = address.Name,
                        Line1 = address.Line1,
                        Line2 = address.Line2,
                        City = address.City,
                        PostalCode = address.PostalCode,
                        Country = address.Country,
                    },
                },
                // The rendered form's key: a second submit of the same form is the same order.
                c => c.Headers.Add(Shop.Client.Idempotency.IdempotentRetryHandler.Header, idempotencyKey),
                cancel))),
            cancel);

    public Task<Paged<Order>> ListOrdersAsync(int page, int pageSize, CancellationToken cancel) =>
        CallAsync(
            async () =>
            {
                var orders = Present(await shop.Api.Orders.GetAsync(
                    q =>
                    {
                        q.QueryParameters.Page = page;
                        q.QueryParameters.PageSize = pageSize;
                    },
                    cancel));
                return new Paged<Order>(
                    [.. (orders.Items ?? []).Select(Map)], orders.Page ?? page, orders.PageSize ?? pageSize,
                    orders.TotalCount ?? 0);
            },
            cancel);

    public Task<Order> GetOrderAsync(Guid id, CancellationToken cancel) =>
        CallAsync(async () => Map(Present(await shop.Api.Orders[id].GetAsync(cancellationToken: cancel))), cancel);

    public Task<Order> CancelOrderAsync(Guid id, CancellationToken cancel) =>
        CallAsync(
            async () => Map(Present(await shop.Api.Orders[id].Cancel.PostAsync(cancellationToken: cancel))), cancel);

    public Task<Order> ShipOrderAsync(Guid id, CancellationToken cancel) =>
        CallAsync(
            async () => Map(Present(await shop.Api.Orders[id].Ship.PostAsync(cancellationToken: cancel))), cancel);

    /// <summary>Runs one call; whatever goes wrong on the way becomes an <see cref="ApiFailureException"/> (a
    /// refusal with the problem's message, or "not answering").</summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancel)
    {
        try
        {
            return await call();
        }
        catch (ShopApiProblemException problem)
        {
            throw Failure(problem);
        }
        catch (Exception e) when (e is HttpRequestException or ApiException
            || (e is TaskCanceledException && !cancel.IsCancellationRequested))
        {
            throw new ApiFailureException(null, "The shop did not answer.", inner: e);
        }
    }

    private static ApiFailureException Failure(ShopApiProblemException problem)
    {
        // A problem document always has a type: without one, the title is only the status line's reason phrase.
        var message = problem.Detail ?? (problem.Type is null ? null : problem.Title) ?? problem.Status switch
        {
            HttpStatusCode.NotFound => "That does not exist (any more).",
            HttpStatusCode.Unauthorized => "Please sign in again.",
            HttpStatusCode.Forbidden => "You may not do that.",
            _ => "The shop could not do that.",
        };
        return new ApiFailureException(problem.Status, message, problem.Errors, problem, problem.Title);
    }

    private static string? ETag(HeadersInspectionHandlerOption headers) =>
        headers.ResponseHeaders.TryGetValue("ETag", out var values) ? values.FirstOrDefault() : null;

    private static T Present<T>(T? answer)
        where T : class =>
        answer ?? throw new ApiFailureException(HttpStatusCode.NoContent, "The shop sent an empty answer.");

    private static Paged<Product> Paged(PagedResponseOfProductResponse? products)
    {
        var page = Present(products);
        return new Paged<Product>(
            [.. (page.Items ?? []).Select(Map)], page.Page ?? 1, page.PageSize ?? 1, page.TotalCount ?? 0);
    }

    private static Product Map(ProductResponse p) => new(
        p.Id ?? Guid.Empty, p.Sku ?? "", p.Name ?? "", p.Description, p.UnitPrice ?? 0, p.Currency ?? "",
        p.AvailableStock ?? 0);

    private static ShoppingCart Map(CartResponse c) => new(
        [.. (c.Items ?? []).Select(l => new CartLine(
            l.ProductId ?? Guid.Empty, l.Sku ?? "", l.Name ?? "", l.UnitPrice ?? 0, l.Quantity ?? 0,
            l.LineTotal ?? 0))],
        c.TotalQuantity ?? 0,
        c.Total ?? 0,
        c.Currency ?? "");

    private static Order Map(OrderDetails o) => new(
        o.Id ?? Guid.Empty,
        o.Status?.ToString() ?? "",
        [.. (o.Items ?? []).Select(l => new OrderLine(
            l.ProductId ?? Guid.Empty, l.Sku ?? "", l.Name ?? "", l.UnitPrice ?? 0, l.Quantity ?? 0,
            l.LineTotal ?? 0))],
        o.Total ?? 0,
        o.Currency ?? "",
        o.ShippingAddress is { } a
            ? new Address(a.Name ?? "", a.Line1 ?? "", a.Line2, a.City ?? "", a.PostalCode ?? "", a.Country ?? "")
            : null,
        o.CreatedAt ?? default,
        o.UpdatedAt ?? default,
        o.RejectionReason);
}
