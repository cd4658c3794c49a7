using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildingBlocks.Leases;

internal static class LeaseRegistration
{
    /// <summary>
    /// This process's <see cref="ProcessInstance"/> and the <c>Leases</c> settings; safe to call more than once.
    /// </summary>
    public static IServiceCollection AddLeases(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(ProcessInstance)))
        {
            return services;
        }

        services.TryAddSingleton<ProcessInstance>();
        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.Section);
        return services;
    }
}
