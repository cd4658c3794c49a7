namespace Catalog;

internal sealed class CatalogOptions
{
    public const string Section = "Shop";

    /// <summary>The store currency (ISO 4217) of every price.</summary>
    public string Currency { get; set; } = "EUR";
}
