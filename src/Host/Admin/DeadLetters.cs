using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using BuildingBlocks.Validation;
using Microsoft.EntityFrameworkCore;

namespace Host.Admin;

/// <summary>A dead inbox row as an operator sees it.</summary>
internal sealed record DeadLetter(
    Guid Id, string Module, string EventType, string Consumer, int Attempts, string? LastError, DateTime? FailedAt,
    Guid EventId, string? Payload);

/// <summary>
/// The dead letters of the modules running in this process: listed, shown, replayed (back to pending, so the module's
/// inbox processor handles the event once more, exactly once) or discarded with a reason that stays on the row.
/// </summary>
internal sealed class DeadLetters(IServiceProvider services, IEnumerable<ModuleDatabase> databases, TimeProvider clock)
{
    public IReadOnlyList<string> Modules { get; } = databases.Select(d => d.Module).ToArray();

    public async Task<(IReadOnlyList<DeadLetter> Items, int Total)> ListAsync(
        string? module, int skip, int take, CancellationToken cancellationToken)
    {
        var all = new List<DeadLetter>();
        var total = 0;
        foreach (var database in databases.Where(
            d => module is null || d.Module.Equals(module, StringComparison.OrdinalIgnoreCase)))
        {
            await using var scope = services.CreateAsyncScope();
            var dead = Dead(database.Resolve(scope.ServiceProvider));
            total += await dead.CountAsync(cancellationToken);
            all.AddRange((await dead.OrderBy(m => m.FailedAt).Take(skip + take).ToListAsync(cancellationToken))
                .Select(m => View(database.Module, m, withPayload: false)));
        }

        return (all.OrderBy(d => d.FailedAt).Skip(skip).Take(take).ToList(), total);
    }

    public Task<DeadLetter?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        OnRowAsync(id, async (rows, module) =>
            await rows.FirstOrDefaultAsync(cancellationToken) is { } row ? View(module, row, withPayload: true) : null);

    /// <summary>True when the row was dead and is pending again; only one of two concurrent replays wins.</summary>
    public async Task<bool> ReplayAsync(Guid id, CancellationToken cancellationToken) =>
        await OnRowAsync(id, async (rows, _) => await rows.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, InboxStatus.Pending)
            .SetProperty(m => m.Attempts, 0)
            .SetProperty(m => m.NextAttemptAt, clock.GetUtcNow().UtcDateTime)
            .SetProperty(m => m.DeadLetterId, (Guid?)null), cancellationToken) == 1);

    /// <summary>Why <paramref name="reason"/> cannot be a discard's reason, or null when it can.</summary>
    public static string? RefuseReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > 2000 || !TextRules.IsText(reason, lineBreaks: true)
            ? "Say why the event is discarded: 1 to 2000 characters, no control characters but line breaks."
            : null;

    public async Task<bool> DiscardAsync(Guid id, string reason, CancellationToken cancellationToken) =>
        await OnRowAsync(id, async (rows, _) => await rows.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, InboxStatus.Discarded)
            .SetProperty(m => m.DiscardReason, reason), cancellationToken) == 1);

    private async Task<T?> OnRowAsync<T>(Guid id, Func<IQueryable<InboxMessage>, string, Task<T>> action)
    {
        foreach (var database in databases)
        {
            await using var scope = services.CreateAsyncScope();
            var rows = Dead(database.Resolve(scope.ServiceProvider)).Where(m => m.DeadLetterId == id);
            if (await rows.AnyAsync())
            {
                return await action(rows, database.Module);
            }
        }

        return default;
    }

    private static IQueryable<InboxMessage> Dead(DbContext db) =>
        db.Set<InboxMessage>().Where(m => m.Status == InboxStatus.Dead);

    private static DeadLetter View(string module, InboxMessage row, bool withPayload) => new(
        row.DeadLetterId!.Value, module, row.Type, row.Consumer, row.Attempts, row.LastError, row.FailedAt,
        row.EventId, withPayload ? row.Payload : null);
}
