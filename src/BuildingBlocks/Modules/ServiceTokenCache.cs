using System.Text.Json;
using BuildingBlocks.Auth;
using Microsoft.Extensions.Configuration;

namespace BuildingBlocks.Modules;

/// <summary>
/// The client-credentials access token this process sends with remote contract calls. One token for the
/// process, fetched on first use and kept until <see cref="RemoteContractOptions.TokenRefreshBeforeExpiry"/>
/// before it expires; <see cref="Invalidate"/> (after a 401) makes the next call fetch a new one.
/// The token endpoint is configured, or read once from the discovery document and then asked under each
/// authority in turn (<see cref="Authorities"/>), so one Identity instance down does not stop service tokens.
/// </summary>
internal sealed class ServiceTokenCache(
    IHttpClientFactory clients,
    RemoteContractOptions options,
    IConfiguration configuration,
    TimeProvider clock)
    : IDisposable
{
    public const string HttpClientName = "remote-contracts-token";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Authorities _authorities = new(
        configuration.GetSection(ShopAuthOptions.Section).Get<ShopAuthOptions>() ?? new ShopAuthOptions());
    private string? _discoveredEndpoint; // as the discovery document names it: under the public issuer
    private CachedToken? _token;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var token = _token;
        if (token is not null && clock.GetUtcNow() < token.RenewAt)
        {
            return token.Value;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            token = _token;
            if (token is not null && clock.GetUtcNow() < token.RenewAt)
            {
                return token.Value;
            }

            _token = token = await FetchAsync(cancellationToken);
            return token.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/> if it is still the cached token (another caller may already have
    /// replaced it).</summary>
    public void Invalidate(string rejected)
    {
        var current = _token;
        if (current is not null && string.Equals(current.Value, rejected, StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref _token, null, current);
        }
    }

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        if (options.ClientId is not { Length: > 0 } clientId)
        {
            throw new InvalidOperationException(
                $"{RemoteContractOptions.Section}:ClientId is not set: remote contract calls need client credentials.");
        }

        var client = clients.CreateClient(HttpClientName);
        if (!string.IsNullOrWhiteSpace(options.TokenEndpoint))
        {
            return await RequestTokenAsync(
                client,
                new Uri(options.TokenEndpoint, UriKind.Absolute),
                clientId,
                cancellationToken);
        }

        var named = _discoveredEndpoint ??= await DiscoverTokenEndpointAsync(client, cancellationToken);
        return await _authorities.FirstAnsweringAsync(
            authority => RequestTokenAsync(
                client,
                new Uri(_authorities.Under(authority, named), UriKind.Absolute),
                clientId,
                cancellationToken),
            cancellationToken);
    }

    private async Task<CachedToken> RequestTokenAsync(
        HttpClient client,
        Uri endpoint,
        string clientId,
        CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = options.ClientSecret ?? "",
            ["scope"] = options.Scope,
        }), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The token endpoint {endpoint} answered {(int)response.StatusCode}.",
                null,
                response.StatusCode);
        }

        using var json = JsonDocument.Parse(body);
        var accessToken = json.RootElement.GetProperty("access_token").GetString()
            ?? throw new HttpRequestException($"The token endpoint {endpoint} answered without an access token.");
        var lifetime = json.RootElement.TryGetProperty("expires_in", out var expiresIn)
            && expiresIn.TryGetInt32(out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(5);

        // Renew early, but never sooner than half way through a short-lived token.
        var early = TimeSpan.FromTicks(Math.Min(options.TokenRefreshBeforeExpiry.Ticks, lifetime.Ticks / 2));
        return new CachedToken(accessToken, clock.GetUtcNow() + lifetime - early);
    }

    /// <summary>The discovery document's <c>token_endpoint</c>, read from the first authority that answers.</summary>
    private Task<string> DiscoverTokenEndpointAsync(HttpClient client, CancellationToken cancellationToken) =>
        _authorities.FirstAnsweringAsync(async authority =>
        {
            using var response = await client.GetAsync(
                new Uri($"{authority}.well-known/openid-configuration"),
                cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"The discovery document of {authority} answered {(int)response.StatusCode}.",
                    null,
                    response.StatusCode);
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return json.RootElement.GetProperty("token_endpoint").GetString()
                ?? throw new HttpRequestException($"The discovery document of {authority} names no token endpoint.");
        }, cancellationToken);

    public void Dispose() => _gate.Dispose();

    private sealed record CachedToken(string Value, DateTimeOffset RenewAt);
}
