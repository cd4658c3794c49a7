namespace Catalog.Domain;

internal sealed class Product
{
    public const int MaxStock = 1_000_000_000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public decimal UnitPrice { get; set; }
    public int Stock { get; set; }

    /// <summary>Bumped on every change: the ETag, and the optimistic concurrency token.</summary>
    public long Version { get; set; } = 1;
    public DateTime UpdatedAt { get; set; }
}
