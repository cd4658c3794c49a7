using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server;

/// <summary>
/// A refresh token is redeemed once, also when it is presented several times at once. OpenIddict marks it redeemed
/// just before issuing the new tokens but, for refresh tokens, ignores a failure to do so (a concurrent request
/// redeemed it first), so every request that passed validation before the first commit got new tokens: 8 to 10 pairs
/// out of 10 at once here, enough for a stolen copy to race its owner and keep a pair. This handler redeems it first,
/// with the store's optimistic concurrency: the losers are refused like a second use, and the grant's tokens revoked
/// (<c>RevokeByAuthorizationIdAsync</c>, as OpenIddict does for a token presented again later).
/// </summary>
internal sealed class SingleUseRefreshTokens(IOpenIddictTokenManager tokens)
    : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<SingleUseRefreshTokens>()
            .SetOrder(OpenIddictServerHandlers.RedeemTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.EndpointType is not OpenIddictServerEndpointType.Token
            || !context.Request.IsRefreshTokenGrantType())
        {
            return;
        }

        var authentication = context.Transaction.GetProperty<ProcessAuthenticationContext>(
            typeof(ProcessAuthenticationContext).FullName!);
        if (authentication?.RefreshTokenPrincipal?.GetTokenId() is not { Length: > 0 } id
            || await tokens.FindByIdAsync(id) is not { } token)
        {
            return;
        }

        // Nothing in this request has redeemed it yet: "redeemed" here means another request did. TryRedeemAsync
        // answers true for a token already redeemed, and false when the row changed since this request read it.
        if (!await tokens.HasStatusAsync(token, Statuses.Redeemed) && await tokens.TryRedeemAsync(token))
        {
            return;
        }

        if (await tokens.GetAuthorizationIdAsync(token) is { Length: > 0 } authorization)
        {
            await tokens.RevokeByAuthorizationIdAsync(authorization);
        }

        context.Reject(Errors.InvalidGrant, "The specified refresh token has already been redeemed.");
    }
}
