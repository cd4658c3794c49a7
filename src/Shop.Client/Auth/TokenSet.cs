namespace Shop.Client.Auth;

/// <summary>Tokens from the token endpoint: the access token, when it expires, and the refresh token if
/// granted.</summary>
public sealed record TokenSet(string AccessToken, DateTimeOffset ExpiresAt, string? RefreshToken, string? Scope);
