namespace Cart;

internal sealed class CartOptions
{
    public const string Section = "Shop";

    /// <summary>The store currency, shown on an empty cart (a priced cart takes it from the catalog).</summary>
    public string Currency { get; set; } = "EUR";
}
