namespace EndToEnd.Tests.Infrastructure;

/// <summary>Configuration the fixture gives every process it starts, on top of Development's.</summary>
internal static class Settings
{
    /// <summary>
    /// The suite signs in dozens of users and streams requests from one address, which the per-IP rate limits would
    /// (rightly) refuse; the limits themselves are tested in Identity.Tests and Gateway.Tests.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ForTests = new Dictionary<string, string>
    {
        // One throwaway key-encryption key for the run, outside every data folder: every process and command of the
        // run opens the keys the others stored, and nothing is written to the user's profile.
        [TestSupport.TestKeyEncryptionKey.Setting] = TestSupport.TestKeyEncryptionKey.Create(
            Path.Combine(Path.GetTempPath(), "shop-test-keys", $"kek-{Guid.NewGuid():N}.pfx")),
        ["Identity:RateLimits:SignInPerMinute"] = "100000",
        ["Identity:RateLimits:RegisterPerMinute"] = "100000",
        ["Identity:RateLimits:TokenPerMinute"] = "100000",
        ["Gateway:RateLimit:PermitLimit"] = "1000000",

        // A buyer checks out fifty times (CheckoutTests): more open orders and units than a customer may hold. The
        // per-customer limits are tested in Commerce.Tests.
        ["Ordering:CustomerLimits:OpenOrders"] = "0",
        ["Ordering:CustomerLimits:UnitsPerProduct"] = "0",
    };

    /// <summary>The same as environment variables (<c>Section__Key</c>), for processes a script starts.</summary>
    public static IEnumerable<KeyValuePair<string, string>> AsEnvironment() =>
        ForTests.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));
}
