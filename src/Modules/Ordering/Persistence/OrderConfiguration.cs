using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordering.Domain;

namespace Ordering.Persistence;

/// <remarks>
/// An order's lines are an entity of their own in <c>order_lines</c>, not an owned collection: EF Core includes an
/// owned collection in every query of its owner, and EF Core 10's shaper for an included collection builds a delegate
/// on every execution (<c>DynamicMethod.CreateDelegate</c>; docs/benchmarks.md). The saga's confirmation and rejection
/// need no lines; the reads that answer with them load them (<c>OrderingDbContext.WithLines</c>, <c>LoadLinesAsync</c>).
/// The tables are the same as with the owned collection.
/// </remarks>
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
        order.HasMany(o => o.Lines).WithOne().HasForeignKey(OrderLineConfiguration.OrderId)
            .OnDelete(DeleteBehavior.Cascade);
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
