namespace Ordering.Contracts;

public enum OrderStatus
{
    Pending,
    Confirmed,
    Rejected,
    Shipped,
    Cancelled,
}
