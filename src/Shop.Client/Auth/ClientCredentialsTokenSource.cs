namespace Shop.Client.Auth;

/// <summary>Tokens for a service (a confidential client), by the client credentials grant: no user, no refresh
/// token; a new token is fetched shortly before the last one expires.</summary>
public sealed class ClientCredentialsTokenSource(
    TokenEndpointClient endpoint,
    string clientId,
    string clientSecret,
    string scope)
    : TokenSource(endpoint, clientId)
{
    protected override Task<TokenSet> AcquireAsync(CancellationToken cancellationToken) =>
        Endpoint.RequestTokenAsync(
            new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = ClientId,
                ["client_secret"] = clientSecret,
                ["scope"] = scope,
            },
            cancellationToken);
}
