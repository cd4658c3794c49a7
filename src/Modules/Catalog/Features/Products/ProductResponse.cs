using Catalog.Domain;

namespace Catalog.Features.Products;

internal sealed record ProductResponse(
    Guid Id,
    string Sku,
    string Name,
    string Description,
    decimal UnitPrice,
    string Currency,
    int AvailableStock)
{
    public static ProductResponse From(Product product, string currency) =>
        new(product.Id, product.Sku, product.Name, product.Description, product.UnitPrice, currency, product.Stock);
}
