namespace Shop.Client.Auth;

/// <summary>
/// Hands out a valid access token: the one it holds while it has more than <see cref="RefreshLead"/> to live, else a
/// new one, through the refresh token when there is one (so a signed-in user is not asked again), else by
/// <see cref="AcquireAsync"/> (the grant itself). One acquisition at a time, shared by concurrent callers.
/// </summary>
public abstract class TokenSource(TokenEndpointClient endpoint, string clientId) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TokenSet? _tokens;

    /// <summary>How long before expiry a token is renewed: a request never leaves with a token about to lapse.</summary>
    public TimeSpan RefreshLead { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The tokens held now (to store them, e.g. in a user's profile), or null.</summary>
    public TokenSet? Current => _tokens;

    protected TokenEndpointClient Endpoint => endpoint;

    protected string ClientId => clientId;

    /// <summary>Starts from tokens stored earlier (their refresh token is used when the access token expired).</summary>
    public void Restore(TokenSet tokens) => _tokens = tokens;

    public async Task<string> GetAccessTokenAsync(
        bool forceRenewal = false,
        CancellationToken cancellationToken = default)
    {
        var held = _tokens;
        if (!forceRenewal && held is not null && !ExpiresSoon(held))
        {
            return held.AccessToken;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have renewed it while this one waited.
            if (_tokens is { } current && !ExpiresSoon(current) && (!forceRenewal || !ReferenceEquals(current, held)))
            {
                return current.AccessToken;
            }

            _tokens = await RenewAsync(_tokens, cancellationToken);
            return _tokens.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs the grant: client credentials, authorization code, device code.</summary>
    protected abstract Task<TokenSet> AcquireAsync(CancellationToken cancellationToken);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }
    }

    private async Task<TokenSet> RenewAsync(TokenSet? held, CancellationToken cancellationToken)
    {
        if (held?.RefreshToken is { } refreshToken)
        {
            try
            {
                var renewed = await endpoint.RequestTokenAsync(
                    new Dictionary<string, string>
                    {
                        ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = clientId,
                    },
                    cancellationToken);
                // The shop rolls refresh tokens; keep the old one only if the server sent none.
                return renewed with { RefreshToken = renewed.RefreshToken ?? refreshToken };
            }
            catch (OAuthException e) when (e.Error == "invalid_grant")
            {
                // Revoked or expired: sign in again.
            }
        }

        return await AcquireAsync(cancellationToken);
    }

    private bool ExpiresSoon(TokenSet tokens) => endpoint.Clock.GetUtcNow() >= tokens.ExpiresAt - RefreshLead;
}
