using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Host.Admin;

/// <summary>
/// <c>/api/admin/dead-letters</c>: the events a module's handler failed on every attempt, in the modules running in
/// this process. Role admin with scope <c>orders</c> (the saga's events are the ones that die; see docs/adr/0013).
/// </summary>
internal static class DeadLetterEndpoints
{
    public static void MapDeadLetters(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin/dead-letters").WithTags("Admin")
            .RequireAuthorization(ShopPolicies.OrdersAdmin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("", ListAsync).WithName("ListDeadLetters")
            .WithSummary("Events that failed every attempt, oldest first, paged; optionally of one module.")
            .Produces<PagedDeadLetters>().ProducesValidationProblem();
        group.MapGet("{id:guid}", ShowAsync).WithName("GetDeadLetter")
            .WithSummary("One dead letter with its payload.")
            .Produces<DeadLetterDetails>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("{id:guid}/replay", ReplayAsync).WithName("ReplayDeadLetter")
            .WithSummary("Hands the event to its handler again; it is handled exactly once.")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("{id:guid}", DiscardAsync).WithName("DiscardDeadLetter")
            .WithSummary("Discards the dead letter; the reason is kept on its inbox row.")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(
        string? module, int? page, int? pageSize, DeadLetters deadLetters, CancellationToken cancellationToken)
    {
        if (!Paging.TryCreate(page, pageSize, out var paging, out var problem))
        {
            return problem!;
        }

        if (module is not null && !deadLetters.Modules.Contains(module, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["module"] = [$"Module '{module}' does not run here: {string.Join(", ", deadLetters.Modules)} do."],
            });
        }

        var (items, total) = await deadLetters.ListAsync(module, paging.Skip, paging.PageSize, cancellationToken);
        return TypedResults.Ok(new PagedDeadLetters(
            items.Select(d => new DeadLetterSummary(
                d.Id, d.Module, d.EventType, d.Consumer, d.Attempts, d.LastError, d.FailedAt)).ToList(),
            paging.Page,
            paging.PageSize,
            total));
    }

    private static async Task<IResult> ShowAsync(
        Guid id, DeadLetters deadLetters, CancellationToken cancellationToken) =>
        await deadLetters.FindAsync(id, cancellationToken) is { } d
            ? TypedResults.Ok(new DeadLetterDetails(
                d.Id, d.Module, d.EventType, d.Consumer, d.Attempts, d.LastError, d.FailedAt, d.EventId, d.Payload!))
            : NotFound(id);

    private static async Task<IResult> ReplayAsync(
        Guid id, DeadLetters deadLetters, CancellationToken cancellationToken) =>
        await deadLetters.ReplayAsync(id, cancellationToken) ? TypedResults.Accepted((string?)null) : NotFound(id);

    private static async Task<IResult> DiscardAsync(
        Guid id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DiscardDeadLetter? request,
        DeadLetters deadLetters,
        CancellationToken cancellationToken)
    {
        if (DeadLetters.RefuseReason(request?.Reason) is { } refused)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [refused] });
        }

        return await deadLetters.DiscardAsync(id, request!.Reason!.Trim(), cancellationToken)
            ? TypedResults.NoContent()
            : NotFound(id);
    }

    private static IResult NotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, detail: $"No dead letter {id} in the modules running here.");
}

internal sealed record DiscardDeadLetter(string? Reason);

internal sealed record DeadLetterSummary(
    Guid Id, string Module, string EventType, string Consumer, int Attempts, string? LastError, DateTime? FailedAt);

internal sealed record DeadLetterDetails(
    Guid Id, string Module, string EventType, string Consumer, int Attempts, string? LastError, DateTime? FailedAt,
    Guid EventId, string Payload);

internal sealed record PagedDeadLetters(
    IReadOnlyList<DeadLetterSummary> Items, int Page, int PageSize, int TotalCount);
