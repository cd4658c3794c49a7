using Cart.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cart.Persistence;

internal sealed class ShoppingCartConfiguration : IEntityTypeConfiguration<ShoppingCart>
{
    public void Configure(EntityTypeBuilder<ShoppingCart> cart)
    {
        cart.ToTable("carts");
        cart.HasKey(c => c.CustomerId);
        cart.Property(c => c.Version).IsConcurrencyToken();
        cart.OwnsMany(c => c.Lines, line =>
        {
            line.ToTable("cart_lines");
            line.WithOwner().HasForeignKey("CustomerId");
            line.HasKey("CustomerId", nameof(CartLine.ProductId));
        });
    }
}
