namespace Catalog.Domain;

/// <summary>What the catalog did for one order, so that a cancel gives back exactly what was taken, once.</summary>
internal sealed class StockReservation
{
    public Guid OrderId { get; init; }
    public ReservationStatus Status { get; set; }
    public List<ReservedLine> Lines { get; init; } = [];
    public DateTime UpdatedAt { get; set; }
}
