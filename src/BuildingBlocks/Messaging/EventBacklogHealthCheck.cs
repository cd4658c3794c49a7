using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Messaging;

/// <summary>
/// Degraded (still 200) in <c>/health/ready</c> while an event older than <c>Messaging:PendingAgeThreshold</c> waits in
/// an outbox or an inbox here: events are late (a broker outage, a stalled relay), yet requests are served.
/// </summary>
internal sealed class EventBacklogHealthCheck(
    IServiceProvider services,
    IEnumerable<ModuleDatabase> databases,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    MessagingMetrics metrics) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var late = new List<string>();
        await using var scope = services.CreateAsyncScope();
        foreach (var database in databases)
        {
            var db = database.Resolve(scope.ServiceProvider);
            // Two statements per module (readiness is probed every few seconds, and the first probe after a start
            // compiles each query shape for each module).
            var outbox = await db.Set<OutboxMessage>().Where(m => m.ProcessedAt == null).GroupBy(m => 1)
                .Select(g => new { Count = g.Count(), Oldest = g.Min(m => (DateTime?)m.OccurredAt) })
                .SingleOrDefaultAsync(cancellationToken);
            var inbox = await db.Set<InboxMessage>()
                .Where(m => m.Status == InboxStatus.Pending || m.Status == InboxStatus.Dead).GroupBy(m => m.Status)
                .Select(g => new { Status = g.Key, Count = g.Count(), Oldest = g.Min(m => (DateTime?)m.ReceivedAt) })
                .ToListAsync(cancellationToken);
            var pending = inbox.Find(g => g.Status == InboxStatus.Pending);
            var dead = inbox.Find(g => g.Status == InboxStatus.Dead)?.Count ?? 0;
            metrics.Observed(
                database.Module, new(outbox?.Count ?? 0, Age(outbox?.Oldest, now), pending?.Count ?? 0, dead));
            var oldest = Age(new[] { outbox?.Oldest, pending?.Oldest }.Min(), now);
            if (oldest > options.Value.PendingAgeThreshold)
            {
                late.Add($"{database.Module} ({oldest.TotalSeconds:0} s)");
            }
        }

        return late.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"Events wait longer than {options.Value.PendingAgeThreshold}: "
                + string.Join(", ", late));
    }

    private static TimeSpan Age(DateTime? since, DateTime now) =>
        since is { } at && at < now ? now - at : TimeSpan.Zero;
}
