using Cart.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cart.Persistence;

internal sealed class CompletedCheckoutConfiguration : IEntityTypeConfiguration<CompletedCheckout>
{
    public void Configure(EntityTypeBuilder<CompletedCheckout> checkout)
    {
        checkout.ToTable("completed_checkouts");
        checkout.HasKey(c => c.OrderId);
        checkout.Property(c => c.OrderId).ValueGeneratedNever();
        checkout.HasIndex(c => c.CustomerId);
    }
}
