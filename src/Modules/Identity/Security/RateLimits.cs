using System.Threading.RateLimiting;
using Identity.Features.Login;
using Identity.Devices;
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
            // The 429 problem with Retry-After comes from the service defaults (BuildingBlocks RateLimitRejections).
            options.AddPolicy(SignIn.RateLimitPolicy, http => PerClientIp(http, limits.SignInPerMinute));
            options.AddPolicy(Register.RateLimitPolicy, http => PerClientIp(http, limits.RegisterPerMinute));
            options.AddPolicy(TokenEndpoint.RateLimitPolicy, http => PerClientIp(http, limits.TokenPerMinute));
            options.AddPolicy(
                DeviceVerification.RateLimitPolicy,
                http => DeviceVerification.ChecksACode(http.Request)
                    ? PerClientIp(http, limits.DeviceVerificationPerMinute)
                    : RateLimitPartition.GetNoLimiter("page"));
        });
        return services;
    }

    private static RateLimitPartition<string> PerClientIp(HttpContext http, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permitsPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
}
