namespace BuildingBlocks.Auth.Revocation;

/// <summary>An authorization whose tokens are refused until <paramref name="ExpiresAt"/> (UTC), when the last access
/// token it could have issued has expired.</summary>
public sealed record RevokedAuthorization(string AuthorizationId, DateTime ExpiresAt);
