using BuildingBlocks.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildingBlocks.Messaging.RabbitMq;

public static class RabbitMqRegistration
{
    /// <summary>
    /// When <c>Messaging:RabbitMq:Uri</c> is set: outbox relays also publish each event that a module not
    /// running here subscribes to (confirmed before the row is marked processed), and every enabled subscriber module
    /// consumes its own queue. Otherwise does nothing: events reach only this process's subscribers, as in the
    /// monolith.
    /// </summary>
    /// <param name="allModules">Every module this binary can run: their subscriptions define the queues and
    /// bindings.</param>
    /// <param name="enabledModules">The modules running in this process.</param>
    public static IServiceCollection AddRabbitMqEvents(
        this IServiceCollection services,
        IConfiguration configuration,
        IHostEnvironment environment,
        IEnumerable<IModule> allModules,
        IEnumerable<string> enabledModules)
    {
        var options = configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        if (!options.IsConfigured)
        {
            return services;
        }

        services.AddOptions<RabbitMqOptions>().BindConfiguration(RabbitMqOptions.Section);
        services.AddSingleton(
            new EventTopology(SubscriptionsOf(allModules.ToArray(), configuration, environment), enabledModules));
        services.AddSingleton<RabbitMqPublisher>();
        services.AddSingleton<IEventBroker>(sp => sp.GetRequiredService<RabbitMqPublisher>());
        services.AddSingleton<RabbitMqConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<RabbitMqConsumer>());
        services.AddHealthChecks().AddCheck<BrokerHealthCheck>("broker", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Which handlers each module registers, read from a throwaway service collection (registration only, nothing
    /// is resolved or started; every module gets a placeholder connection string so none is required here).
    /// </summary>
    private static IEnumerable<(string Module, string EventType, string Consumer)> SubscriptionsOf(
        IModule[] modules, IConfiguration configuration, IHostEnvironment environment)
    {
        var scratchConfiguration = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(modules.Select(
                m => new KeyValuePair<string, string?>($"ConnectionStrings:{m.Name}", "Data Source=unused")))
            .Build();
        var found = new List<(string, string, string)>();
        foreach (var module in modules)
        {
            var scratch = new ServiceCollection();
            module.AddServices(scratch, scratchConfiguration, environment);
            found.AddRange(scratch
                .Where(d => d.ServiceType == typeof(Subscription) && d.ImplementationInstance is Subscription)
                .Select(d => (Subscription)d.ImplementationInstance!)
                .Select(s => (module.Name, s.EventType, s.Consumer)));
        }

        return found;
    }
}
