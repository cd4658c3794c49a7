using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Messaging;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Ordering.Contracts;
using Ordering.Persistence;

namespace Ordering.Features.Orders;

/// <summary>
/// <c>POST /api/orders/{id}/cancel</c>: the owner or an admin cancels a Pending or Confirmed order;
/// <see cref="OrderCancelled"/> tells Catalog to give back what it reserved.
/// </summary>
internal static class CancelOrder
{
    public static void Map(IEndpointRouteBuilder orders) => orders.MapPost("{id:guid}/cancel", (
            Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
            OrderTransitions.Answer(sender.Send(new Command(Viewer.Of(http), id), cancellationToken)))
        .RequireAuthorization(ShopPolicies.Orders)
        .WithName("CancelOrder")
        .Produces<OrderDetails>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal sealed record Command(Viewer Viewer, Guid Id) : ICommand<ContractResult<OrderDetails>>;

    internal sealed class Handler(OrderingDbContext db, TimeProvider clock)
        : ICommandHandler<Command, ContractResult<OrderDetails>>
    {
        public ValueTask<ContractResult<OrderDetails>> Handle(Command command, CancellationToken cancellationToken) =>
            db.Apply(command.Viewer, command.Id, clock, (order, now) =>
            {
                var refused = order.Cancel(now);
                if (refused is null)
                {
                    db.AddIntegrationEvent(new OrderCancelled(order.Id), clock);
                }

                return refused;
            }, cancellationToken);
    }
}
