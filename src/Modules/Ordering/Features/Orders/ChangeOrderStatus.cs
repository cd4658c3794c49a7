using BuildingBlocks.Auth;
using BuildingBlocks.Contracts;
using BuildingBlocks.Messaging;
using BuildingBlocks.Web;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;
using Ordering.Persistence;

namespace Ordering.Features.Orders;

/// <summary>Cancel (owner or admin, from Pending or Confirmed) and ship (admin, from Confirmed).</summary>
internal static class ChangeOrderStatus
{
    public static void Map(IEndpointRouteBuilder orders)
    {
        orders.MapPost("{id:guid}/cancel", (Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                Answer(sender.Send(new CancelOrder(Viewer.Of(http), id), cancellationToken)))
            .RequireAuthorization(ShopPolicies.Orders)
            .WithName("CancelOrder")
            .Produces<OrderDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        orders.MapPost("{id:guid}/ship", (Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                Answer(sender.Send(new ShipOrder(Viewer.Of(http), id), cancellationToken)))
            .RequireAuthorization(ShopPolicies.OrdersAdmin)
            .WithName("ShipOrder")
            .Produces<OrderDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> Answer(ValueTask<ContractResult<OrderDetails>> pending)
    {
        var result = await pending;
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem();
    }

    internal sealed record CancelOrder(Viewer Viewer, Guid Id) : ICommand<ContractResult<OrderDetails>>;

    internal sealed record ShipOrder(Viewer Viewer, Guid Id) : ICommand<ContractResult<OrderDetails>>;

    internal sealed class Handlers(OrderingDbContext db, TimeProvider clock)
        : ICommandHandler<CancelOrder, ContractResult<OrderDetails>>, ICommandHandler<ShipOrder, ContractResult<OrderDetails>>
    {
        public ValueTask<ContractResult<OrderDetails>> Handle(CancelOrder command, CancellationToken cancellationToken) =>
            Change(command.Viewer, command.Id, (order, now) =>
            {
                var refused = order.Cancel(now);
                if (refused is null)
                {
                    db.AddIntegrationEvent(new OrderCancelled(order.Id), clock);
                }

                return refused;
            }, cancellationToken);

        public ValueTask<ContractResult<OrderDetails>> Handle(ShipOrder command, CancellationToken cancellationToken) =>
            Change(command.Viewer, command.Id, (order, now) => order.Ship(now), cancellationToken);

        /// <summary>Applies a transition; when the saga changed the order meanwhile, reloads and decides again.</summary>
        private async ValueTask<ContractResult<OrderDetails>> Change(
            Viewer viewer, Guid id, Func<Domain.Order, DateTime, ContractError?> transition, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == id && (viewer.IsAdmin || o.CustomerId == viewer.UserId), cancellationToken);
                if (order is null)
                {
                    return ContractError.NotFound($"Order {id} does not exist.");
                }

                if (transition(order, clock.GetUtcNow().UtcDateTime) is { } refused)
                {
                    return refused;
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return order.ToDetails();
                }
                catch (DbUpdateConcurrencyException) when (attempt < 5)
                {
                    db.ChangeTracker.Clear();
                }
            }
        }
    }
}
