using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Revocation;

/// <summary>
/// OpenIddict's token store, plus: whenever a token is revoked (<c>/connect/revoke</c>, a refresh token presented
/// twice, an authorization code replayed, an account taken over) its authorization goes on the revocation list, with
/// its event, in the same transaction. Every path OpenIddict takes ends in one of these two methods.
/// </summary>
internal sealed class RevocationPublishingTokenStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    AuthorizationRevocations revocations)
    : OpenIddictEntityFrameworkCoreTokenStore<OpenIddictEntityFrameworkCoreToken,
        OpenIddictEntityFrameworkCoreApplication, OpenIddictEntityFrameworkCoreAuthorization, string>(
        cache, context, options)
{
    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken ct)
    {
        if (token.Status != Statuses.Revoked || await GetAuthorizationIdAsync(token, ct) is not { } authorization)
        {
            await base.UpdateAsync(token, ct);
            return;
        }

        // The base saves the context, and so the record and the event with the token.
        var revocation = revocations.Record(await Context.GetDbContextAsync(ct), authorization);
        await base.UpdateAsync(token, ct);
        revocations.Committed(revocation);
    }

    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken ct)
    {
        var db = await Context.GetDbContextAsync(ct);
        await using var own = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(ct)
            : null;
        var revoked = await base.RevokeByAuthorizationIdAsync(identifier, ct);
        var revocation = revocations.Record(db, identifier);
        await db.SaveChangesAsync(ct);
        if (own is null)
        {
            return revoked;
        }

        await own.CommitAsync(ct);
        revocations.Committed(revocation);
        return revoked;
    }
}
