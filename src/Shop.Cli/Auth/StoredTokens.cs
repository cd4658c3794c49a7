namespace Shop.Cli.Auth;

/// <summary>One shop's tokens, as kept in the user's profile.</summary>
internal sealed record StoredTokens(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt, string Scope);
