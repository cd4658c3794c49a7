using System.Globalization;
using System.Threading.RateLimiting;
using BuildingBlocks.Auth;
using Gateway.Routing;
using Microsoft.AspNetCore.Mvc;
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

            var sub = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(ShopClaims.Subject)?.Value : null;
            var key = sub is not null ? $"sub:{sub}" : $"ip:{http.Connection.RemoteIpAddress}";
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = settings.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var http = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : settings.Window;
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Detail = "Too many requests; retry after the time in Retry-After.",
                },
            });
        };
    }
}
