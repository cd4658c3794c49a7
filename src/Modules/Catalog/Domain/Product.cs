using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> product)
    {
        product.ToTable("products");
        product.HasKey(p => p.Id);
        product.Property(p => p.Sku).HasMaxLength(32);
        product.HasIndex(p => p.Sku).IsUnique();
        product.Property(p => p.Name).HasMaxLength(200);
        product.HasIndex(p => p.Name);
        product.Property(p => p.Description).HasMaxLength(2000);
        product.Property(p => p.Version).IsConcurrencyToken();
    }
}
