namespace Ordering.Contracts;

public sealed record OrderItemRequest(Guid ProductId, int Quantity);
