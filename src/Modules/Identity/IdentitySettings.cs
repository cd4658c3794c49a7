using Identity.Clients;
using Identity.Keys;
using Identity.Security;

namespace Identity;

/// <summary>The <c>Identity</c> configuration section.</summary>
internal sealed class IdentitySettings
{
    public const string Section = "Identity";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a device code and its user code (<c>shop login</c>) may wait for the user's approval.</summary>
    public TimeSpan DeviceCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of the sign-in cookie of the login page (the browser session at the authorization
    /// server).</summary>
    public TimeSpan SignInSessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Allow plain HTTP for the OAuth endpoints. Only for Development and tests, which run on
    /// http://127.0.0.1.</summary>
    public bool AllowHttp { get; set; }

    public List<ClientSettings> Clients { get; set; } = [];

    /// <summary>The Development administrator, seeded when <c>Database:Seed</c> is on.</summary>
    public AdminSettings? Admin { get; set; }

    public KeySettings Keys { get; set; } = new();

    public RateLimitSettings RateLimits { get; set; } = new();

    /// <summary>How long a signing key must stay published after it stopped signing: every token it signed has expired
    /// by then.</summary>
    public TimeSpan LongestTokenLifetime =>
        new[] { AccessTokenLifetime, RefreshTokenLifetime, AuthorizationCodeLifetime }.Max();
}

internal sealed class AdminSettings
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}
