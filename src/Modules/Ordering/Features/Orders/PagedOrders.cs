using Ordering.Contracts;

namespace Ordering.Features.Orders;

internal sealed record PagedOrders(IReadOnlyList<OrderDetails> Items, int Page, int PageSize, int TotalCount);
