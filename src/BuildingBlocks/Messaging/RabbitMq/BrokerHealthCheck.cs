using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuildingBlocks.Messaging.RabbitMq;

/// <summary>
/// RabbitMQ in <c>/health/ready</c>: Degraded (still 200) while a connection this process needs is down. Not Unhealthy:
/// the gateway would then take every instance out, while requests need no broker and the outboxes keep the events
/// until it is back.
/// </summary>
internal sealed class BrokerHealthCheck(RabbitMqConsumer consumer, RabbitMqPublisher publisher) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var down = new RabbitMqConnection[] { consumer, publisher }.Where(c => c.IsDown).Select(c => c.Name).ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(
                $"RabbitMQ is unreachable ({string.Join(", ", down)}); events wait in the outboxes until it is back."));
    }
}
