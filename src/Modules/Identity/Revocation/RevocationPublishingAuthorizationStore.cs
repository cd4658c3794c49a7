using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Revocation;

/// <summary>OpenIddict's authorization store, plus: an authorization saved as revoked goes on the revocation list,
/// with its event, in the same transaction (see <see cref="RevocationPublishingTokenStore"/>).</summary>
internal sealed class RevocationPublishingAuthorizationStore(
    IMemoryCache cache,
    IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options,
    AuthorizationRevocations revocations)
    : OpenIddictEntityFrameworkCoreAuthorizationStore<OpenIddictEntityFrameworkCoreAuthorization,
        OpenIddictEntityFrameworkCoreApplication, OpenIddictEntityFrameworkCoreToken, string>(
        cache, context, options)
{
    public override async ValueTask UpdateAsync(
        OpenIddictEntityFrameworkCoreAuthorization authorization, CancellationToken ct)
    {
        if (authorization.Status != Statuses.Revoked || authorization.Id is not { } id)
        {
            await base.UpdateAsync(authorization, ct);
            return;
        }

        var revocation = revocations.Record(await Context.GetDbContextAsync(ct), id);
        await base.UpdateAsync(authorization, ct);
        revocations.Committed(revocation);
    }
}
