using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordering.Domain;

namespace Ordering.Persistence;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders");
        order.HasKey(o => o.Id);
        order.Property(o => o.IdempotencyKey).HasMaxLength(100);
        order.HasIndex(o => new { o.CustomerId, o.IdempotencyKey }).IsUnique();
        order.HasIndex(o => new { o.CustomerId, o.CreatedAt });
        order.HasIndex(o => o.CreatedAt);
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        order.Property(o => o.Currency).HasMaxLength(3);
        order.Property(o => o.RejectionReason).HasMaxLength(500);
        order.Property(o => o.Version).IsConcurrencyToken();
        order.OwnsMany(o => o.Lines, line =>
        {
            line.ToTable("order_lines");
            line.WithOwner().HasForeignKey("OrderId");
            line.HasKey("OrderId", nameof(OrderLine.ProductId));
            line.Property(l => l.Sku).HasMaxLength(32);
            line.Property(l => l.Name).HasMaxLength(200);
            line.Ignore(l => l.LineTotal);
        });
        order.OwnsOne(o => o.ShippingAddress, address =>
        {
            address.Property(a => a.Name).HasMaxLength(200);
            address.Property(a => a.Line1).HasMaxLength(200);
            address.Property(a => a.Line2).HasMaxLength(200);
            address.Property(a => a.City).HasMaxLength(200);
            address.Property(a => a.PostalCode).HasMaxLength(20);
            address.Property(a => a.Country).HasMaxLength(2);
        });
        order.Navigation(o => o.ShippingAddress).IsRequired();
    }
}
