using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace Storefront.Session;

/// <summary>
/// The session's tickets (claims and the access, refresh and id tokens) stay in this process's memory; the browser's
/// cookie holds only a random key, encrypted. So no token ever reaches the browser, and a stolen cookie is worthless
/// once the session ends here. One storefront process per deployment (docs/adr/0014): a restart signs shoppers out,
/// which costs them one redirect through the provider, where they are still signed in.
/// </summary>
internal sealed class ServerSideSessions(IMemoryCache cache, TimeProvider clock) : ITicketStore
{
    /// <summary>The key of the session a ticket was read from, for <see cref="TokenRefresh"/>.</summary>
    public const string KeyItem = ".storefront.session";

    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromHours(8);

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Put(key, ticket);
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        Put(key, ticket);
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!cache.TryGetValue(Name(key), out AuthenticationTicket? stored) || stored is null)
        {
            return Task.FromResult<AuthenticationTicket?>(null);
        }

        // A copy: the cookie handler and the refresh change properties, which must reach the store only through
        // RenewAsync.
        var properties = stored.Properties.Clone();
        properties.Items[KeyItem] = key;
        return Task.FromResult<AuthenticationTicket?>(new AuthenticationTicket(stored.Principal, properties,
            stored.AuthenticationScheme));
    }

    public Task RemoveAsync(string key)
    {
        cache.Remove(Name(key));
        return Task.CompletedTask;
    }

    private void Put(string key, AuthenticationTicket ticket)
    {
        var properties = ticket.Properties.Clone();
        properties.Items.Remove(KeyItem);
        var expires = properties.ExpiresUtc ?? clock.GetUtcNow() + FallbackLifetime;
        cache.Set(Name(key), new AuthenticationTicket(ticket.Principal, properties, ticket.AuthenticationScheme),
            new MemoryCacheEntryOptions { AbsoluteExpiration = expires });
    }

    private static string Name(string key) => "storefront-session:" + key;
}

/// <summary>Points the cookie handler at <see cref="ServerSideSessions"/> (it is a singleton of the container).</summary>
internal sealed class UseServerSideSessions(ServerSideSessions sessions)
    : Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name == StorefrontSchemes.Cookie)
        {
            options.SessionStore = sessions;
        }
    }
}
