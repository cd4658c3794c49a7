namespace ArchitectureTests.Violations.Storefront;

/// <summary>A storefront page that reads the catalog through a module's contract instead of the public API.</summary>
internal sealed class CatalogPageReadingContracts
{
    public Type Query => typeof(global::Catalog.Contracts.GetProductPrices);
}

/// <summary>A storefront page that keeps to HTTP: not a violation.</summary>
internal sealed class CatalogPageOverHttp
{
    public Uri Products { get; } = new("/api/catalog/products", UriKind.Relative);
}
