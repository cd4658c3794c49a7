using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalog.Domain;

/// <summary>What the catalog did for one order, so that a cancel gives back exactly what was taken, once.</summary>
internal sealed class StockReservation
{
    public Guid OrderId { get; init; }
    public ReservationStatus Status { get; set; }
    public List<ReservedLine> Lines { get; init; } = [];
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ReservedLine
{
    public Guid ProductId { get; init; }
    public int Quantity { get; init; }
}

internal enum ReservationStatus
{
    Reserved,
    Rejected,

    /// <summary>Given back after a cancel; also a tombstone when the cancel arrived before the order.</summary>
    Released,
}

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
