namespace BuildingBlocks.Modules;

/// <summary>Which modules run in this process. Everything that routes between modules asks this.</summary>
public sealed class EnabledModules(IEnumerable<string> names)
{
    private readonly HashSet<string> _names = new(names, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => _names;

    public bool IsEnabled(string module) => _names.Contains(module);

    /// <summary>The module that owns a contract type: <c>Ordering.Contracts.PlaceOrder</c> belongs to
    /// <c>Ordering</c>.</summary>
    public static string OwnerOf(Type contractType)
    {
        var assembly = contractType.Assembly.GetName().Name ?? "";
        const string suffix = ".Contracts";
        return assembly.EndsWith(suffix, StringComparison.Ordinal) ? assembly[..^suffix.Length] : assembly;
    }
}
