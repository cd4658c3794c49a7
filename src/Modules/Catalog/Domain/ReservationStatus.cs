namespace Catalog.Domain;

internal enum ReservationStatus
{
    Reserved,
    Rejected,

    /// <summary>Given back after a cancel; also a tombstone when the cancel arrived before the order.</summary>
    Released,
}
