namespace Shop.Client;

/// <summary>How the client retries and waits.</summary>
public sealed class ShopClientOptions
{
    /// <summary>Attempts of a request that may be repeated safely (a GET, PUT or DELETE, or a POST with an
    /// <c>Idempotency-Key</c>) when the connection fails or the answer is 502, 503 or 504. 1: no retry.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first pause between attempts; it doubles each time (plus up to 50% jitter), and a
    /// <c>Retry-After</c> from the server wins.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>POST routes that honour an <c>Idempotency-Key</c>: the client gives each request to them a new key
    /// (unless it has one) and may then retry it. Other POSTs are never retried: repeating them could act twice.</summary>
    public IList<string> IdempotentPostPaths { get; } = ["/api/cart/checkout", "/api/orders"];

    /// <summary>The timeout of one call, retries included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Makes the keys; a new UUID each by default.</summary>
    public Func<string> NewIdempotencyKey { get; set; } = () => Guid.NewGuid().ToString();
}
