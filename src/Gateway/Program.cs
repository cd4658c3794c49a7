using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Gateway;
using Gateway.Aggregation;
using Gateway.Edge;
using Gateway.Health;
using Gateway.LoadBalancing;
using Gateway.Resilience;
using Gateway.Routing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Transforms;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("shop-gateway");

var gateway = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.Section));
builder.Services.AddSingleton<Listeners>();

// Edge authorization: the same validation as every module, keys from the identity cluster's JWKS.
builder.Services.AddShopAuthentication(builder.Configuration);

builder.Services.AddOptions<RateLimiterOptions>()
    .Configure<Listeners>((options, listeners) => EdgeRateLimits.Configure(options, gateway.RateLimit, listeners));
builder.Services.AddHsts(options =>
{
    options.MaxAge = gateway.Hsts.MaxAge;
    options.IncludeSubDomains = gateway.Hsts.IncludeSubDomains;
    // The defaults exclude localhost; the gateway's HTTPS listener says it everywhere.
    options.ExcludedHosts.Clear();
});

builder.Services.AddSingleton<ILoadBalancingPolicy, ConsistentHashPolicy>();
builder.Services.AddSingleton<IPassiveHealthCheckPolicy, ConsecutiveFailuresPolicy>();
builder.Services.AddHostedService<ReadmissionProbes>();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddConfigFilter<SharedHostsFilter>()
    .AddTransforms(context =>
    {
        // Overwrite whatever a client sent: the Hosts trust these headers from the gateway only.
        context.UseDefaultForwarders = false;
        context.AddXForwarded(ForwardedTransformActions.Set);
        if (!string.IsNullOrEmpty(gateway.ForwardedSecret))
        {
            context.AddRequestHeader(GatewayProof.Header, gateway.ForwardedSecret, append: false);
        }
        else
        {
            // A client's own X-Gateway-Secret never reaches a Host.
            context.AddRequestHeaderRemove(GatewayProof.Header);
        }

        if (!string.IsNullOrWhiteSpace(gateway.ServedByHeader))
        {
            context.AddResponseTransform(response =>
            {
                if (response.HttpContext.GetReverseProxyFeature().ProxiedDestination is { } destination)
                {
                    response.HttpContext.Response.Headers[gateway.ServedByHeader] = destination.DestinationId;
                }

                return ValueTask.CompletedTask;
            });
        }
    });

builder.Services.AddHttpContextAccessor();
builder.Services.AddTransient<ClusterDestinations>();
var clusterClient = builder.Services.AddHttpClient(MeEndpoint.ClientName);
clusterClient.AddStandardResilienceHandler(options =>
    {
        options.AttemptTimeout.Timeout = gateway.Aggregation.AttemptTimeout;
        options.TotalRequestTimeout.Timeout = gateway.Aggregation.TotalTimeout;
        // Calls inside the data centre: retry soon, on another instance, rather than back off for seconds.
        options.Retry.MaxRetryAttempts = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(
            options.CircuitBreaker.SamplingDuration.Ticks, gateway.Aggregation.AttemptTimeout.Ticks * 2));
    })
    .SelectPipelineByAuthority();
// Inside the resilience handler, so that every attempt picks its destination again.
clusterClient.AddHttpMessageHandler<ClusterDestinations>();

var app = builder.Build();
app.UseServiceDefaults();
app.UseHsts();
app.UseRouting();
app.UseMiddleware<ListenerGuardMiddleware>();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapHealthEndpoints();
app.MapMe();
app.MapReverseProxy(pipeline =>
{
    pipeline.UseMiddleware<RetryOnAnotherDestination>();
    pipeline.UseSessionAffinity();
    pipeline.UseLoadBalancing();
    pipeline.UsePassiveHealthChecks();
});

await app.RunAsync();
