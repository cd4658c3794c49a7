using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildingBlocks.Messaging.RabbitMq;

public static class RabbitMqRegistration
{
    /// <summary>
    /// When <c>Messaging:RabbitMq:Uri</c> is set: the outbox relays also publish the events that a module running
    /// elsewhere subscribes to, and each subscriber module running here consumes its own queue into its inbox.
    /// Otherwise nothing: events reach only this process's modules, as in the monolith.
    /// </summary>
    public static IServiceCollection AddRabbitMqEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        if (!options.IsConfigured)
        {
            return services;
        }

        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section);
        services.TryAddSingleton<EventRoutes>();
        services.AddSingleton<RabbitMqPublisher>();
        services.AddSingleton<IEventBroker>(sp => sp.GetRequiredService<RabbitMqPublisher>());
        services.AddSingleton<RabbitMqConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<RabbitMqConsumer>());
        services.AddHealthChecks().AddCheck<BrokerHealthCheck>("broker", tags: ["ready"]);
        return services;
    }
}
