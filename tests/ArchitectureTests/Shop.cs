using System.Reflection;
using BuildingBlocks.Modules;

namespace ArchitectureTests;

/// <summary>The assemblies under test, found the way the Host finds them: through its module list.</summary>
internal static class Shop
{
    public static readonly Assembly Host = Assembly.Load("Host");
    public static readonly Assembly Gateway = Assembly.Load("Gateway");
    public static readonly Assembly BuildingBlocks = typeof(IModule).Assembly;
    public static readonly Assembly BuildingBlocksContracts =
        typeof(global::BuildingBlocks.Contracts.IIntegrationEvent).Assembly;

    /// <summary>Every module the Host can run (<c>ModuleList.All()</c>), with its two assemblies.</summary>
    public static readonly IReadOnlyList<ShopModule> Modules = LoadModules();

    public static IEnumerable<ShopModule> OtherThan(ShopModule module) => Modules.Where(m => m != module);

    private static ShopModule[] LoadModules()
    {
        var all = Host.GetType("Host.ModuleList", throwOnError: true)!
            .GetMethod("All", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var modules = (IModule[])all.Invoke(null, null)!;
        return modules
            .Select(m => new ShopModule(m.Name, m.GetType().Assembly, Assembly.Load($"{m.Name}.Contracts")))
            .ToArray();
    }
}

internal sealed record ShopModule(string Name, Assembly Implementation, Assembly Contracts)
{
    public override string ToString() => Name;
}
