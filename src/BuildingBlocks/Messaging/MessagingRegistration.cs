using BuildingBlocks.Leases;
using BuildingBlocks.Messaging.RabbitMq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildingBlocks.Messaging;

public static class MessagingRegistration
{
    /// <summary>The outbox relay and the inbox processor of the module whose DbContext is
    /// <typeparamref name="TContext"/>.</summary>
    public static IServiceCollection AddModuleEvents<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section);
        services.AddLeases();
        services.AddMetrics();
        services.TryAddSingleton<EventRoutes>();
        services.TryAddSingleton<InboxWriter>();
        services.TryAddSingleton<MessagingMetrics>();
        services.TryAddSingleton<WorkerDependencies>();
        services.AddHostedService<OutboxRelay<TContext>>();
        services.AddHostedService<InboxProcessor<TContext>>();
        if (!services.Any(s => s.ServiceType == typeof(EventBacklogHealthCheck)))
        {
            services.AddSingleton<EventBacklogHealthCheck>();
            services.AddHealthChecks().AddCheck<EventBacklogHealthCheck>("events", tags: ["ready"]);
        }

        return services;
    }

    /// <summary>Declares <paramref name="module"/>'s subscriptions, whether it runs in this process or not.</summary>
    public static IServiceCollection AddEventSubscriptions(
        this IServiceCollection services, string module, Action<EventSubscriptions> subscribe)
    {
        var subscriptions = new EventSubscriptions(module);
        subscribe(subscriptions);
        subscriptions.All.ToList().ForEach(s => services.AddSingleton(s));
        return services;
    }

    /// <summary>
    /// When <c>Messaging:RabbitMq:Uri</c> is set, the relays also publish the events that a module running elsewhere
    /// subscribes to, and each subscriber module running here consumes its own queue into its inbox.
    /// </summary>
    public static IServiceCollection AddRabbitMqEvents(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() is not { IsConfigured: true })
        {
            return services;
        }

        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section);
        services.TryAddSingleton<EventRoutes>();
        services.TryAddSingleton<InboxWriter>();
        services.AddSingleton<RabbitMqPublisher>();
        services.AddSingleton<IEventBroker>(sp => sp.GetRequiredService<RabbitMqPublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<RabbitMqPublisher>());
        services.AddSingleton<RabbitMqConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<RabbitMqConsumer>());
        services.AddHealthChecks().AddCheck<BrokerHealthCheck>("broker", tags: ["ready"]);
        return services;
    }
}
