namespace Storefront.Api;

/// <summary>
/// Everything the storefront asks of the public API, in one place: the pages depend on this, never on HTTP details,
/// so the transport can change (today <see cref="ShopClientApi"/>, the typed client) without touching a page.
/// Failures are <see cref="ApiFailureException"/>.
/// </summary>
public interface IShopApi
{
    Task<Paged<Product>> ListProductsAsync(string? search, int page, int pageSize, CancellationToken cancel);

    Task<VersionedProduct> GetProductAsync(Guid id, CancellationToken cancel);

    Task<Product> CreateProductAsync(ProductDraft draft, CancellationToken cancel);

    Task<VersionedProduct> UpdateProductAsync(Guid id, ProductDraft draft, string ifMatch, CancellationToken cancel);

    Task DeleteProductAsync(Guid id, CancellationToken cancel);

    Task<Product> AdjustStockAsync(Guid id, int delta, CancellationToken cancel);

    Task<ShoppingCart> GetCartAsync(CancellationToken cancel);

    Task<ShoppingCart> AddToCartAsync(Guid productId, int quantity, CancellationToken cancel);

    Task<ShoppingCart> SetQuantityAsync(Guid productId, int quantity, CancellationToken cancel);

    Task<ShoppingCart> RemoveFromCartAsync(Guid productId, CancellationToken cancel);

    Task<Order> CheckoutAsync(Address address, string idempotencyKey, CancellationToken cancel);

    Task<Paged<Order>> ListOrdersAsync(int page, int pageSize, CancellationToken cancel);

    Task<Order> GetOrderAsync(Guid id, CancellationToken cancel);

    Task<Order> CancelOrderAsync(Guid id, CancellationToken cancel);

    Task<Order> ShipOrderAsync(Guid id, CancellationToken cancel);
}
