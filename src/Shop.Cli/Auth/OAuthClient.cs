using Shop.Client.Auth;

namespace Shop.Cli.Auth;

/// <summary><c>shop login</c> and <c>shop logout</c> as the public client <c>shop-cli</c>, with Shop.Client's device
/// flow (RFC 8628).</summary>
internal sealed class OAuthClient(HttpClient http, Uri shop)
{
    public const string ClientId = "shop-cli";

    /// <summary>Every scope a user may hold; the server leaves out what this user may not have
    /// (<c>catalog.admin</c> for a customer).</summary>
    public const string Scopes = "openid profile email roles offline_access cart orders catalog.admin";

    public TokenEndpointClient Endpoint { get; } = new(http, OAuthEndpoints.ForIssuer(shop));

    public async Task<StoredTokens> SignInAsync(
        Func<DeviceAuthorization, CancellationToken, Task> prompt, CancellationToken cancellationToken)
    {
        using var device = new DeviceCodeTokenSource(Endpoint, ClientId, Scopes, prompt);
        try
        {
            await device.GetAccessTokenAsync(cancellationToken: cancellationToken);
        }
        catch (OAuthException refused)
        {
            throw refused.Error switch
            {
                "access_denied" => new CliException(ExitCodes.NotSignedIn,
                    "The sign-in was denied on the verification page."),
                "expired_token" => new CliException(ExitCodes.NotSignedIn,
                    "The code expired before it was approved; run shop login again."),
                _ => new CliException(ExitCodes.Failure, $"The sign-in failed: {refused.Message}"),
            };
        }

        var tokens = device.Current!;
        return new StoredTokens(tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresAt, tokens.Scope ?? "");
    }

    /// <summary>Revokes a token at the server (RFC 7009); the answer is 200 whatever the token was.</summary>
    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri(shop, "connect/revoke"), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["client_id"] = ClientId, ["token"] = token }), cancellationToken);
    }
}
