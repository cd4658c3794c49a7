using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BuildingBlocks.Web;

/// <summary>What every process of the product (Host, module process, Gateway) does the same way.</summary>
public static class ServiceDefaults
{
    public const string ActivitySourceName = "Shop";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders().AddJsonConsole(o => o.IncludeScopes = true);
        }

        // Host filtering is the first line against Host header injection (L2): outside Development the names this
        // process answers to are configured, never "any".
        var allowedHosts = builder.Configuration["AllowedHosts"];
        if (!builder.Environment.IsDevelopment()
            && (string.IsNullOrWhiteSpace(allowedHosts) || allowedHosts.Trim() == "*"))
        {
            throw new InvalidOperationException(
                "AllowedHosts must name the host names this process answers to (e.g. \"shop.example.com;host-1\"), " +
                "separated by ';'. \"*\" and no value are accepted in Development only.");
        }

        // Explicit, so that every way of hosting Kestrel (tests included) gets the limit: 1 MiB unless configured.
        var maxBody = builder.Configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? 1024 * 1024;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBody;

            // The server's name and version help nobody but someone matching it against known flaws.
            kestrel.AddServerHeader = false;
        });

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Numbers as strings are a wrong type, not a convenience: refuse them with 400.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());

            // {"email":"a","email":"b"}: parsers disagree on which one wins (a validator may read the first, a
            // handler the last), so such a body is refused with 400 rather than guessed at.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        builder.Services.AddHealthChecks();
        // Antiforgery's cookie is never Secure by default. Secure whenever the request came over HTTPS (the gateway's
        // X-Forwarded-Proto included); not Always, which would refuse to run over the monolith's plain HTTP.
        builder.Services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.Configure<ForwardedHeadersOptions>(o => TrustForwardedHeadersFrom(o, builder.Configuration));
        // Modules add their own policies; the middleware must exist even when none is enabled here.
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (rejected, _) => RateLimitRejections.WriteAsync(rejected, TimeSpan.FromMinutes(1));
        });
        builder.Services.AddSingleton(TimeProvider.System);

        // Telemetry is collected only where it goes somewhere: without an exporter, every request would pay for
        // activities and measurements that nobody reads (the built-in meters stay readable by dotnet-counters).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(serviceName))
                .WithTracing(t => t.AddSource(ActivitySourceName, Messaging.MessagingMetrics.Name)
                    .AddAspNetCoreInstrumentation(o =>
                        o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation())
                .WithMetrics(m => m.AddMeter(ActivitySourceName, Messaging.MessagingMetrics.Name)
                    .AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Problem details for everything, correlation ids; call first in the pipeline.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();

        // With no known proxy the middleware would trust everyone, so it runs only when proxies are configured, and
        // only for requests that carry the gateway's secret (GatewayProof).
        if (app.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() is { Length: > 0 })
        {
            var secret = app.Configuration["ForwardedHeaders:GatewaySecret"];
            if (string.IsNullOrEmpty(secret) || secret.Length < 32)
            {
                throw new InvalidOperationException(
                    "ForwardedHeaders:KnownProxies is set: ForwardedHeaders:GatewaySecret must be too, at least 32 " +
                    "characters, the gateway's Gateway:ForwardedSecret (X-Forwarded-* is believed only with it).");
            }

            var expected = System.Text.Encoding.UTF8.GetBytes(secret);
            app.UseWhen(http => GatewayProof.IsPresent(http, expected), trusted => trusted.UseForwardedHeaders());
        }

        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// <c>X-Forwarded-*</c> is believed only from the addresses in <c>ForwardedHeaders:KnownProxies</c>
    /// (the Gateway's); with none configured, from nobody.
    /// </summary>
    private static void TrustForwardedHeadersFrom(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
            | ForwardedHeaders.XForwardedHost;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
        {
            options.KnownProxies.Add(System.Net.IPAddress.Parse(address));
        }
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: every check tagged <c>ready</c>
    /// passes.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous()
            .ExcludeFromDescription();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") })
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}
