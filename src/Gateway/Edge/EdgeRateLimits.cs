using System.Threading.RateLimiting;
using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Gateway.Routing;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.Edge;

/// <summary>
/// One fixed window per user (<c>sub</c> of a validated token) or, for anonymous requests, per client IP.
/// Health endpoints and the internal listener are never limited. Refusals are 429 problems with <c>Retry-After</c>.
/// </summary>
internal static class EdgeRateLimits
{
    public static void Configure(RateLimiterOptions options, RateLimitSettings settings, Listeners listeners)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (http.Request.Path.StartsWithSegments("/health") || listeners.IsInternal(http))
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            var sub = http.User.Identity?.IsAuthenticated == true
                ? http.User.FindFirst(ShopClaims.Subject)?.Value
                : null;
            var key = sub is not null ? $"sub:{sub}" : $"ip:{http.Connection.RemoteIpAddress}";
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = settings.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = (rejected, _) => RateLimitRejections.WriteAsync(rejected, settings.Window);
    }
}
