using BuildingBlocks.Auth;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Clients;

/// <summary>Makes OpenIddict's application store match <c>Identity:Clients</c>: creates or updates each configured
/// client.</summary>
internal sealed class ClientRegistry(IOpenIddictApplicationManager applications, ILogger<ClientRegistry> logger)
{
    public const int MinimumSecretLength = 32;

    public async Task SynchronizeAsync(IEnumerable<ClientSettings> clients, CancellationToken cancellationToken)
    {
        foreach (var client in clients.Where(c => !string.IsNullOrWhiteSpace(c.ClientId)))
        {
            var descriptor = Describe(client);
            var existing = await applications.FindByClientIdAsync(client.ClientId, cancellationToken);
            if (existing is null)
            {
                await applications.CreateAsync(descriptor, cancellationToken);
                logger.LogInformation("OAuth client {ClientId} registered", client.ClientId);
            }
            else
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }
    }

    internal static OpenIddictApplicationDescriptor Describe(ClientSettings client)
    {
        var confidential = client.Type.Equals(ClientTypes.Confidential, StringComparison.OrdinalIgnoreCase);
        if (confidential && string.IsNullOrEmpty(client.ClientSecret))
        {
            throw new InvalidOperationException(
                $"Client '{client.ClientId}' is confidential: Identity:Clients needs its ClientSecret.");
        }

        // A short secret can be guessed through the endpoints that authenticate clients, rate limits or not (M3).
        if (confidential && client.ClientSecret!.Length < MinimumSecretLength)
        {
            throw new InvalidOperationException(
                $"Client '{client.ClientId}': its ClientSecret has {client.ClientSecret.Length} characters; a " +
                    "confidential " +
                $"client's secret needs at least {MinimumSecretLength} (e.g. openssl rand -base64 32).");
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName ?? client.ClientId,
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ClientSecret = confidential ? client.ClientSecret : null,
            // First-party clients: no consent page.
            ConsentType = ConsentTypes.Implicit,
        };

        var grants = client.GrantTypes.ToHashSet(StringComparer.Ordinal);
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        if (confidential)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }

        if (grants.Contains(GrantTypes.AuthorizationCode))
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Authorization);
            descriptor.Permissions.Add(Permissions.Endpoints.EndSession);
            descriptor.Permissions.Add(Permissions.ResponseTypes.Code);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        if (grants.Contains(GrantTypes.DeviceCode))
        {
            descriptor.Permissions.Add(Permissions.Endpoints.DeviceAuthorization);
        }

        foreach (var grant in grants)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.GrantType + grant);
        }

        // openid and offline_access are not scope permissions: the response type and the refresh_token grant govern
        // them.
        foreach (var scope in client.Scopes.Where(s => s is not (Scopes.OpenId or Scopes.OfflineAccess)))
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        if (!grants.Contains(GrantTypes.ClientCredentials) && client.Scopes.Contains(ShopScopes.Internal))
        {
            throw new InvalidOperationException(
                $"Client '{client.ClientId}': scope 'internal' is for client-credentials service clients only.");
        }

        foreach (var uri in client.RedirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        foreach (var uri in client.PostLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        return descriptor;
    }
}
