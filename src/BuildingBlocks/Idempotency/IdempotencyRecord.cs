namespace BuildingBlocks.Idempotency;

/// <summary>A request made with an <c>Idempotency-Key</c>: in flight until <see cref="CompletedAt"/>, then its
/// answer.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>Hash of caller, route and key, so that keys are scoped to both.</summary>
    public required string Key { get; init; }
    public required string RequestHash { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>
    /// While in flight: the owner's lease, renewed by its heartbeat; another request takes the key over after it.
    /// </summary>
    public DateTime LockedUntil { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    /// <summary>
    /// The answer's <c>Location</c> once completed; while in flight, the claim's owner (process instance and request).
    /// </summary>
    public string? Location { get; set; }
}
