namespace Ordering.Contracts;

public sealed record OrderPlacedLine(Guid ProductId, int Quantity);
