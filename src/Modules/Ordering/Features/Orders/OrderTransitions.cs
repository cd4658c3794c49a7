using BuildingBlocks.Contracts;
using BuildingBlocks.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Ordering.Contracts;
using Ordering.Domain;
using Ordering.Persistence;

namespace Ordering.Features.Orders;

/// <summary>How cancel and ship change an order the viewer may see: under its version, deciding again on a
/// race.</summary>
internal static class OrderTransitions
{
    /// <summary>Applies a transition; when the saga changed the order meanwhile, reloads and decides again.</summary>
    public static async ValueTask<ContractResult<OrderDetails>> Apply(
        this OrderingDbContext db, Viewer viewer, Guid id, TimeProvider clock,
        Func<Order, DateTime, ContractError?> transition, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var order = await db.Orders.FirstOrDefaultAsync(
                o => o.Id == id && (viewer.IsAdmin || o.CustomerId == viewer.UserId), cancellationToken);
            if (order is null)
            {
                return ContractError.NotFound($"Order {id} does not exist.");
            }

            await db.LoadLinesAsync(order, cancellationToken);

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

    /// <summary>200 with the order, or the problem that refused the transition.</summary>
    public static async Task<IResult> Answer(ValueTask<ContractResult<OrderDetails>> pending)
    {
        var result = await pending;
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error.ToProblem();
    }
}
