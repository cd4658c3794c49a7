namespace BuildingBlocks.Auth.Revocation;

/// <summary>
/// <c>Auth:Revocation</c>: how often every process reads the revocations, and the client credentials it reads them
/// with when Identity runs elsewhere (unset: those of <c>Modules:Remote</c>; the gateway has no modules, so it sets
/// them here).
/// </summary>
public sealed class RevocationOptions
{
    public const string Section = "Auth:Revocation";

    /// <summary>A revocation reaches this process within about this long (plus one read).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? TokenEndpoint { get; set; }
}
