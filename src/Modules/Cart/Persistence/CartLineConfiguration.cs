using Cart.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cart.Persistence;

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    /// <summary>The cart a line belongs to: a shadow property, the domain's line knows only its product.</summary>
    public const string CustomerId = "CustomerId";

    public void Configure(EntityTypeBuilder<CartLine> line)
    {
        line.ToTable("cart_lines");
        line.Property<Guid>(CustomerId);
        line.HasKey(CustomerId, nameof(CartLine.ProductId));
    }
}
