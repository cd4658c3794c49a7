namespace Identity.Security;

/// <summary>Per client IP, per minute (fixed window). Development and tests raise them through configuration.</summary>
internal sealed class RateLimitSettings
{
    public int SignInPerMinute { get; set; } = 20;

    public int RegisterPerMinute { get; set; } = 10;

    public int TokenPerMinute { get; set; } = 120;

    /// <summary>Device authorization requests and user-code checks on the verification page: what bounds guessing a
    /// user code.</summary>
    public int DeviceVerificationPerMinute { get; set; } = 10;
}
