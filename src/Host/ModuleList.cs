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
        var names = configuration.GetSection("Modules:Enabled").Get<string[]>();
        if (names is null || names.Length == 0)
        {
            return all;
        }

        var unknown = names.Where(n => all.All(m => !m.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (unknown.Length > 0)
        {
            throw new InvalidOperationException($"Modules:Enabled names unknown modules: {string.Join(", ", unknown)}.");
        }

        return all.Where(m => names.Contains(m.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
    }
}
