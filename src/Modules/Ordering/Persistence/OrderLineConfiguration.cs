using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordering.Domain;

namespace Ordering.Persistence;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    /// <summary>The order a line belongs to: a shadow property, the domain's line knows only its product.</summary>
    public const string OrderId = "OrderId";

    public void Configure(EntityTypeBuilder<OrderLine> line)
    {
        line.ToTable("order_lines");
        line.Property<Guid>(OrderId);
        line.HasKey(OrderId, nameof(OrderLine.ProductId));
        line.Property(l => l.Sku).HasMaxLength(32);
        line.Property(l => l.Name).HasMaxLength(200);
        line.Ignore(l => l.LineTotal);
    }
}
