using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Identity.Keys;

/// <summary>Ready only with a key that may sign now: without one the server cannot issue a token.</summary>
internal sealed class KeyRingHealthCheck(KeyRing ring, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var canSign = ring.Current.SigningKeys.Any(
            k => k.Certificate.NotBefore.ToUniversalTime() <= now && now < k.Certificate.NotAfter.ToUniversalTime());
        return Task.FromResult(
            canSign ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("No signing key is valid now."));
    }
}
