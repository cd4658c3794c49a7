using BuildingBlocks.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BuildingBlocks.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// Integration events of the module whose DbContext is <typeparamref name="TContext"/>: the relay that hands its
    /// outbox over, and the inbox processor that runs its handlers (declared in <c>IModule.Subscribe</c>).
    /// </summary>
    public static IServiceCollection AddModuleEvents<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section);
        services.AddLeases();
        services.AddMetrics();
        services.TryAddSingleton<EventRoutes>();
        services.TryAddSingleton<MessagingMetrics>();
        services.AddHostedService<OutboxRelay<TContext>>();
        services.AddHostedService<InboxProcessor<TContext>>();
        if (!services.Any(s => s.ServiceType == typeof(EventBacklogHealthCheck)))
        {
            services.AddSingleton<EventBacklogHealthCheck>();
            services.AddHealthChecks().AddCheck<EventBacklogHealthCheck>("events", tags: ["ready"]);
        }

        return services;
    }

    internal static async Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stopping)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stopping);
        }
    }
}
