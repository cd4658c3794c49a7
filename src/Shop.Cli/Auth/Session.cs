namespace Shop.Cli.Auth;

/// <summary>
/// The signed-in user's access token for one shop, renewed with the refresh token a minute before it expires (and
/// the rolled refresh token stored at once: the old one is spent).
/// </summary>
internal sealed class Session(Uri shop, TokenStore store, OAuthClient oauth, TimeProvider clock)
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(60);

    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var tokens = store.Get(shop)
            ?? throw new CliException(ExitCodes.NotSignedIn, $"Not signed in to {shop}: run shop login.");
        if (tokens.ExpiresAt - clock.GetUtcNow() > RenewBefore)
        {
            return tokens.AccessToken;
        }

        return (await RenewAsync(tokens, cancellationToken)).AccessToken;
    }

    /// <summary>After a 401: the access token may have been refused early (revoked, keys rotated).</summary>
    public async Task<string?> RenewAfterRefusalAsync(CancellationToken cancellationToken)
    {
        var tokens = store.Get(shop);
        return tokens?.RefreshToken is null ? null : (await RenewAsync(tokens, cancellationToken)).AccessToken;
    }

    private async Task<StoredTokens> RenewAsync(StoredTokens tokens, CancellationToken cancellationToken)
    {
        var renewed = tokens.RefreshToken is null
            ? null
            : await oauth.RefreshAsync(tokens.RefreshToken, cancellationToken);
        if (renewed is null)
        {
            store.Remove(shop);
            throw new CliException(ExitCodes.NotSignedIn, "The session has ended: run shop login.");
        }

        store.Save(shop, renewed with { RefreshToken = renewed.RefreshToken ?? tokens.RefreshToken });
        return renewed;
    }
}
