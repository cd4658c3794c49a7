using Cart.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cart.Persistence;

/// <remarks>
/// A cart's lines are an entity of their own in <c>cart_lines</c>, not an owned collection: EF Core includes an owned
/// collection in every query of its owner, and EF Core 10's shaper for an included collection builds a delegate on
/// every execution (<c>DynamicMethod.CreateDelegate</c>), about a sixth of a cart change's CPU. <see cref="CartStore"/>
/// reads the lines with queries of their own. The tables are the same as with the owned collection.
/// </remarks>
internal sealed class ShoppingCartConfiguration : IEntityTypeConfiguration<ShoppingCart>
{
    public void Configure(EntityTypeBuilder<ShoppingCart> cart)
    {
        cart.ToTable("carts");
        cart.HasKey(c => c.CustomerId);
        cart.Property(c => c.Version).IsConcurrencyToken();
        cart.HasMany(c => c.Lines).WithOne().HasForeignKey(CartLineConfiguration.CustomerId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
