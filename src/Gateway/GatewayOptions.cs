namespace Gateway;

/// <summary>The <c>Gateway</c> configuration section: what YARP's own <c>ReverseProxy</c> section does not
/// cover.</summary>
internal sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>
    /// Base URLs of identical Hosts (monolith and scaled topologies). Every cluster that lists no destinations
    /// of its own gets these; a split topology gives each cluster its own destinations instead.
    /// </summary>
    public string[] Hosts { get; set; } = [];

    /// <summary>
    /// Response header naming the destination that answered; empty (the default) turns it off: it tells anyone the
    /// internal addresses. appsettings.Development.json turns it on.
    /// </summary>
    public string ServedByHeader { get; set; } = "";

    /// <summary>
    /// Sent to every Host as <c>X-Gateway-Secret</c> (the Hosts' <c>ForwardedHeaders:GatewaySecret</c>): the proof
    /// that a request's <c>X-Forwarded-*</c> headers were set by the gateway. Empty: not sent.
    /// </summary>
    public string ForwardedSecret { get; set; } = "";

    public RateLimitSettings RateLimit { get; set; } = new();

    public RetrySettings Retry { get; set; } = new();

    public PassiveHealthSettings PassiveHealth { get; set; } = new();

    public ConsistentHashSettings ConsistentHash { get; set; } = new();

    public AggregationSettings Aggregation { get; set; } = new();

    public HstsSettings Hsts { get; set; } = new();
}

internal sealed class RateLimitSettings
{
    /// <summary>Requests one user (<c>sub</c>) or, anonymous, one client IP may send per window.</summary>
    public int PermitLimit { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

internal sealed class RetrySettings
{
    /// <summary>Attempts in total for a retryable request, each on a destination not tried before.</summary>
    public int MaxAttempts { get; set; } = 3;
}

internal sealed class PassiveHealthSettings
{
    /// <summary>
    /// Transport failures in a row after which a destination is taken out, until it answers a probe or its reactivation
    /// period ends (the last available destination of a cluster stays in).
    /// </summary>
    public int ConsecutiveFailures { get; set; } = 2;

    /// <summary>
    /// Used when a cluster sets no <c>HealthCheck:Passive:ReactivationPeriod</c>: the longest a passive ejection lasts.
    /// </summary>
    public TimeSpan ReactivationPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often a destination that is out (passive or active) is probed, to readmit it at its first success.
    /// </summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long such a probe may take before it counts as failed.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);
}

internal sealed class ConsistentHashSettings
{
    /// <summary>Points per destination on the ring: more spread the load more evenly, at a little memory.</summary>
    public int VirtualNodes { get; set; } = 640;
}

internal sealed class AggregationSettings
{
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class HstsSettings
{
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(365);

    public bool IncludeSubDomains { get; set; }
}
