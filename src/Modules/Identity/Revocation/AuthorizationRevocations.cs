using BuildingBlocks.Auth;
using BuildingBlocks.Auth.Revocation;
using BuildingBlocks.Messaging;
using Identity.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Identity.Revocation;

/// <summary>
/// Records that an authorization was revoked: its row in the revocation list and its
/// <see cref="AuthorizationRevoked"/> event, added to the caller's context so that they commit with the revocation
/// itself; once committed, this process's own list learns it at once (<see cref="Committed"/>).
/// </summary>
internal sealed class AuthorizationRevocations(
    IOptions<IdentitySettings> settings,
    IOptions<ShopAuthOptions> auth,
    RevokedAuthorizations revoked,
    TimeProvider clock)
{
    public RevokedAuthorization Record(DbContext db, string authorizationId)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        // Every access token issued under the authorization expires within its lifetime (and the clock skew the
        // APIs tolerate); refresh tokens and codes are refused by Identity itself, from its own tables.
        var expiresAt = now + settings.Value.AccessTokenLifetime + auth.Value.ClockSkew;
        db.Set<RevokedAuthorizationRecord>().Add(new RevokedAuthorizationRecord
        {
            AuthorizationId = authorizationId, RevokedAt = now, ExpiresAt = expiresAt,
        });
        db.AddIntegrationEvent(new AuthorizationRevoked(authorizationId, now, expiresAt), clock);
        return new RevokedAuthorization(authorizationId, expiresAt);
    }

    public void Committed(RevokedAuthorization revocation) =>
        revoked.Add(revocation.AuthorizationId, revocation.ExpiresAt);
}
