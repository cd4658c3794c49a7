using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Identity.Server;

/// <summary>
/// <c>/connect/introspect</c> and <c>/connect/revoke</c> authenticate a client by its secret, as the token endpoint
/// does, so they share its rate limit (per client IP): otherwise secrets could be guessed there without end (M3).
/// OpenIddict answers both inside the authentication middleware; these routes exist so that the rate limiter, which
/// runs before it, sees an endpoint with the policy. Their handler is never reached.
/// </summary>
internal static class ClientAuthenticatingEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var path in new[] { "/connect/introspect", "/connect/revoke" })
        {
            endpoints.MapPost(path, () => Results.NotFound())
                .RequireRateLimiting(TokenEndpoint.RateLimitPolicy)
                .ExcludeFromDescription();
        }
    }
}
