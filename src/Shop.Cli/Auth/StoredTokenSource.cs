using Shop.Client.Auth;

namespace Shop.Cli.Auth;

/// <summary>
/// The tokens <c>shop login</c> stored, for Shop.Client's pipeline: it renews the access token with the refresh token
/// a minute before it expires (and once after a 401). When there is nothing left to renew with, the user must sign in
/// again: the CLI never starts a device flow by itself in the middle of a command.
/// </summary>
internal sealed class StoredTokenSource : TokenSource
{
    private readonly Uri _shop;
    private readonly TokenStore _store;

    public StoredTokenSource(TokenEndpointClient endpoint, Uri shop, TokenStore store)
        : base(endpoint, OAuthClient.ClientId)
    {
        _shop = shop;
        _store = store;
        if (store.Get(shop) is { } stored)
        {
            Restore(new TokenSet(stored.AccessToken, stored.ExpiresAt, stored.RefreshToken, stored.Scope));
        }
    }

    /// <summary>Stores a renewed pair at once: the shop rolls refresh tokens, the old one is already spent.</summary>
    public void SaveIfRenewed()
    {
        if (Current is { } held && _store.Get(_shop) is { } stored && stored.AccessToken != held.AccessToken)
        {
            _store.Save(_shop, new StoredTokens(held.AccessToken, held.RefreshToken, held.ExpiresAt,
                held.Scope ?? stored.Scope));
        }
    }

    protected override Task<TokenSet> AcquireAsync(CancellationToken cancellationToken)
    {
        var hadSession = _store.Remove(_shop);
        throw new CliException(ExitCodes.NotSignedIn, hadSession
            ? "The session has ended: run shop login."
            : $"Not signed in to {_shop}: run shop login.");
    }
}
