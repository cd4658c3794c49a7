namespace Storefront;

/// <summary><c>Storefront:*</c>: where the shop's identity provider and API are, and who the storefront is to
/// them.</summary>
public sealed class StorefrontSettings
{
    public const string Section = "Storefront";

    /// <summary>Whether this process serves the storefront at <c>/</c> (the Host's default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The identity provider's issuer as browsers see it; defaults to <c>Auth:Issuer</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>Base URL of the public API; defaults to <see cref="Authority"/> (the monolith calls itself over
    /// HTTP; behind the gateway, the gateway).</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>A PEM certificate to trust for the authority and the API (the gateway's development
    /// certificate).</summary>
    public string? TrustedCertificate { get; set; }

    public string ClientId { get; set; } = "storefront-web";

    /// <summary>From configuration or the environment (<c>Storefront__ClientSecret</c>); never committed outside
    /// Development.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Access tokens are refreshed when they have less than this left.</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a signed-in session lasts without a visit.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The longest one API call may take before the shopper sees the error page.</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int PageSize { get; set; } = 12;
}
