namespace Identity.Clients;

/// <summary>One OAuth client, as configured under <c>Identity:Clients</c>.</summary>
internal sealed class ClientSettings
{
    public string ClientId { get; set; } = "";

    public string? DisplayName { get; set; }

    /// <summary><c>public</c> (browser and native apps: no secret, PKCE) or <c>confidential</c> (a secret).</summary>
    public string Type { get; set; } = "public";

    public string? ClientSecret { get; set; }

    /// <summary><c>authorization_code</c>, <c>refresh_token</c>, <c>client_credentials</c>,
    /// <c>urn:ietf:params:oauth:grant-type:device_code</c>.</summary>
    public List<string> GrantTypes { get; set; } = [];

    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    public List<string> Scopes { get; set; } = [];
}
