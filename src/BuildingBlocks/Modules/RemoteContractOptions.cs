using Microsoft.Extensions.Configuration;

namespace BuildingBlocks.Modules;

/// <summary>
/// <c>Modules:Remote</c>: where the contracts of modules that do not run in this process are sent, and with
/// which credentials. Empty (the default): no remote transport, such a call is a
/// <see cref="ModuleUnavailableException"/>.
/// </summary>
public sealed class RemoteContractOptions
{
    public const string Section = "Modules:Remote";

    /// <summary>Base URL for every remote module (in production the Gateway's internal listener, e.g.
    /// <c>http://10.0.0.2:5481/</c>).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Per module base URLs (<c>Modules:Remote:Catalog</c>); they win over <see cref="BaseUrl"/>.</summary>
    public Dictionary<string, string> Modules { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The token endpoint; unset: <c>token_endpoint</c> of <c>Auth:Authority</c>'s (else <c>Auth:Issuer</c>'s)
    /// discovery document.</summary>
    public string? TokenEndpoint { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string Scope { get; set; } = "internal";

    /// <summary>One HTTP attempt (token requests included).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A whole call, retries included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, for queries and idempotent commands only.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First retry delay, exponential with jitter after it.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A cached token is renewed this long before it expires.</summary>
    public TimeSpan TokenRefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>True when at least one remote base URL is configured.</summary>
    public bool IsConfigured
        => !string.IsNullOrWhiteSpace(BaseUrl) || Modules.Values.Any(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>The base URL (with a trailing slash) of a module's owner, or null when none is configured.</summary>
    public Uri? BaseAddressOf(string module)
    {
        var url = Modules.TryGetValue(module, out var own) && !string.IsNullOrWhiteSpace(own) ? own : BaseUrl;
        return string.IsNullOrWhiteSpace(url) ? null : new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
    }

    private static readonly HashSet<string> Settings = new(
        [nameof(BaseUrl), nameof(TokenEndpoint), nameof(ClientId), nameof(ClientSecret), nameof(Scope),
         nameof(AttemptTimeout), nameof(TotalTimeout), nameof(MaxRetryAttempts), nameof(RetryDelay),
         nameof(TokenRefreshBeforeExpiry)],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Binds the section: the named settings, and every other key with a value is a module's base
    /// URL.</summary>
    public static RemoteContractOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var options = new RemoteContractOptions();
        section.Bind(options);
        foreach (var child in section.GetChildren())
        {
            if (!Settings.Contains(child.Key) && !string.IsNullOrWhiteSpace(child.Value))
            {
                options.Modules[child.Key] = child.Value;
            }
        }

        return options;
    }
}
