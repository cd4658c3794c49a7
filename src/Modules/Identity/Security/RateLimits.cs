using System.Threading.RateLimiting;
using Identity.Features.Login;
using Identity.Features.Register;
using Identity.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Security;

/// <summary>Sign-in, registration and token requests, limited per client IP (fixed one-minute windows).</summary>
internal static class RateLimits
{
    public static IServiceCollection AddIdentityRateLimits(this IServiceCollection services, RateLimitSettings limits)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected ??= RejectAsync;
            options.AddPolicy(SignIn.RateLimitPolicy, http => PerClientIp(http, limits.SignInPerMinute));
            options.AddPolicy(Register.RateLimitPolicy, http => PerClientIp(http, limits.RegisterPerMinute));
            options.AddPolicy(TokenEndpoint.RateLimitPolicy, http => PerClientIp(http, limits.TokenPerMinute));
        });
        return services;
    }

    private static RateLimitPartition<string> PerClientIp(HttpContext http, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permitsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Detail = "Too many requests from this address; retry later." },
        });
    }
}
