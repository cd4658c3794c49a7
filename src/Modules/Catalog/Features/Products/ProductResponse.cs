using Catalog.Domain;

namespace Catalog.Features.Products;

internal sealed record ProductResponse(Guid Id, string Sku, string Name, string Description, decimal UnitPrice, string Currency, int AvailableStock)
{
    public static ProductResponse From(Product product, string currency) =>
        new(product.Id, product.Sku, product.Name, product.Description, product.UnitPrice, currency, product.Stock);
}

/// <summary>A product answer with the version that becomes its ETag.</summary>
internal sealed record VersionedProduct(ProductResponse Product, long Version);

internal sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);
