using BuildingBlocks.Modules;

namespace Host;

/// <summary>Every module this Host can run; <c>Modules:Enabled</c> picks which of them actually do.</summary>
internal static class ModuleList
{
    public static IModule[] All() =>
    [
        new Identity.IdentityModule(),
        new Catalog.CatalogModule(),
        new Cart.CartModule(),
        new Ordering.OrderingModule(),
    ];

    public static IModule[] Enabled(IConfiguration configuration)
    {
        var all = All();
        // A comma-separated string (easy to override from the environment: Modules__Enabled=Catalog,Cart) or an array.
        var section = configuration.GetSection("Modules:Enabled");
        var names = section.Value is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.Get<string[]>();
        if (names is null || names.Length == 0)
        {
            return all;
        }

        // A process that serves only the storefront (scaled and split topologies): no module at all.
        if (names is ["None" or "none"])
        {
            return [];
        }

        var unknown = names.Where(n => all.All(m => !m.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (unknown.Length > 0)
        {
            throw new InvalidOperationException(
                $"Modules:Enabled names unknown modules: {string.Join(", ", unknown)}.");
        }

        return all.Where(m => names.Contains(m.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
    }

    /// <summary>
    /// The mediator's generated registrations name every handler it saw at build time; a module that
    /// does not run here must not leave handlers (and their missing dependencies) behind.
    /// </summary>
    public static void RemoveServicesOfDisabledModules(
        IServiceCollection services,
        IReadOnlyCollection<IModule> enabled)
    {
        var disabled = All().Where(m => enabled.All(e => e.Name != m.Name)).Select(m => m.GetType().Assembly)
            .ToHashSet();
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ImplementationType is { } type && disabled.Contains(type.Assembly))
            {
                services.RemoveAt(i);
            }
        }
    }
}
