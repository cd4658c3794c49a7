using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BuildingBlocks.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Auth.Revocation;

/// <summary>
/// The revocations read from Identity in another process: <c>GET {authority}internal/identity/revocations</c> under
/// each <c>Auth:Authority</c> in turn (the addresses the keys come from), with this process's client-credentials
/// token (scope <c>internal</c>).
/// </summary>
internal sealed class RemoteRevocationSource : IRevocationSource, IDisposable
{
    public const string HttpClientName = "auth-revocations";
    public const string Path = "internal/identity/revocations";

    private readonly IHttpClientFactory _clients;
    private readonly Authorities _authorities;
    private readonly ServiceTokenCache _tokens;

    public RemoteRevocationSource(
        IHttpClientFactory clients, IConfiguration configuration, IOptions<RevocationOptions> revocation,
        TimeProvider clock)
    {
        _clients = clients;
        _authorities = new Authorities(
            configuration.GetSection(ShopAuthOptions.Section).Get<ShopAuthOptions>() ?? new ShopAuthOptions());
        var credentials = RemoteContractOptions.From(configuration);
        var own = revocation.Value;
        credentials.ClientId = own.ClientId ?? credentials.ClientId;
        credentials.ClientSecret = own.ClientSecret ?? credentials.ClientSecret;
        credentials.TokenEndpoint = own.TokenEndpoint ?? credentials.TokenEndpoint;
        _tokens = new ServiceTokenCache(clients, credentials, configuration, clock);
    }

    public async Task<IReadOnlyList<RevokedAuthorization>> ReadAsync(CancellationToken cancellationToken)
    {
        var token = await _tokens.GetAsync(cancellationToken);
        var client = _clients.CreateClient(HttpClientName);
        return await _authorities.FirstAnsweringAsync(async authority =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(authority + Path, UriKind.Absolute));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                _tokens.Invalidate(token);
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<List<RevokedAuthorization>>(cancellationToken)
                ?? throw new HttpRequestException($"{authority}{Path} answered no list.");
        }, cancellationToken);
    }

    public void Dispose() => _tokens.Dispose();
}
