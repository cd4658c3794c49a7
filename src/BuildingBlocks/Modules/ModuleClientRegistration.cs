using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Modules;

public static class ModuleClientRegistration
{
    /// <summary>Registers <see cref="IModuleClient"/>: in-process for enabled modules, the remote transport (if any)
    /// for the others.</summary>
    public static IServiceCollection AddModuleClient(
        this IServiceCollection services,
        IEnumerable<string> enabledModules)
    {
        services.AddSingleton(new EnabledModules(enabledModules));
        services.AddSingleton<ContractRoutes>();
        services.AddScoped<IModuleClient, ModuleClient>();
        return services;
    }
}
