using Catalog.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalog.Persistence;

internal sealed class StockReservationConfiguration : IEntityTypeConfiguration<StockReservation>
{
    public void Configure(EntityTypeBuilder<StockReservation> reservation)
    {
        reservation.ToTable("stock_reservations");
        reservation.HasKey(r => r.OrderId);
        reservation.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        reservation.OwnsMany(r => r.Lines, line =>
        {
            line.ToTable("stock_reservation_lines");
            line.WithOwner().HasForeignKey("OrderId");
            line.HasKey("OrderId", nameof(ReservedLine.ProductId));
        });
    }
}
