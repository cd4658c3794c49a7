namespace Catalog.Features.Products;

/// <summary>A product answer with the version that becomes its ETag.</summary>
internal sealed record VersionedProduct(ProductResponse Product, long Version);
