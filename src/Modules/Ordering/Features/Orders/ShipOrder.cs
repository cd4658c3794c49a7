using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Ordering.Contracts;
using Ordering.Persistence;

namespace Ordering.Features.Orders;

/// <summary><c>POST /api/orders/{id}/ship</c>: an admin ships a Confirmed order.</summary>
internal static class ShipOrder
{
    public static void Map(IEndpointRouteBuilder orders) => orders.MapPost("{id:guid}/ship", (
            Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
            OrderTransitions.Answer(sender.Send(new Command(Viewer.Of(http), id), cancellationToken)))
        .RequireAuthorization(ShopPolicies.OrdersAdmin)
        .WithName("ShipOrder")
        .Produces<OrderDetails>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal sealed record Command(Viewer Viewer, Guid Id) : ICommand<ContractResult<OrderDetails>>;

    internal sealed class Handler(OrderingDbContext db, TimeProvider clock)
        : ICommandHandler<Command, ContractResult<OrderDetails>>
    {
        public ValueTask<ContractResult<OrderDetails>> Handle(Command command, CancellationToken cancellationToken) =>
            db.Apply(command.Viewer, command.Id, clock, (order, now) => order.Ship(now), cancellationToken);
    }
}
