using BuildingBlocks.Contracts;

namespace Identity.Contracts;

/// <summary>
/// Every token of an authorization (OpenIddict's <c>oi_au_id</c> claim) is revoked: a sign-out, a revoked grant, a
/// refresh token presented twice, an authorization code replayed, an account taken over. Access tokens of it that have
/// not expired yet must be refused from now on, until <paramref name="ExpiresAt"/> (UTC), when the last one expires.
/// </summary>
public sealed record AuthorizationRevoked(string AuthorizationId, DateTime RevokedAt, DateTime ExpiresAt)
    : IIntegrationEvent;
