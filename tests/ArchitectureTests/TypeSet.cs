using System.Reflection;
using NetArchTest.Rules;

namespace ArchitectureTests;

/// <summary>
/// What a rule inspects: whole assemblies (the product), or one namespace of this test assembly
/// (the deliberate violations that prove the rule bites).
/// </summary>
internal sealed record TypeSet(IReadOnlyList<Assembly> Assemblies, string? Namespace = null)
{
    public static TypeSet Of(params Assembly[] assemblies) => new(assemblies);

    public static TypeSet Violations(string area)
        => new([typeof(TypeSet).Assembly], $"ArchitectureTests.Violations.{area}");

    /// <summary>The NetArchTest selection: every type, or every type of <see cref="Namespace"/>.</summary>
    public PredicateList That() => Namespace is null
        ? Types.InAssemblies(Assemblies).That().ResideInNamespaceMatching(".*")
        : Types.InAssemblies(Assemblies).That().ResideInNamespaceStartingWith(Namespace);

    /// <summary>The same types through reflection, for rules about visibility and accessors.</summary>
    public IEnumerable<Type> Reflect() => Assemblies
        .SelectMany(LoadableTypes)
        .Where(t => !t.FullName!.Contains('<', StringComparison.Ordinal))
        .Where(t => Namespace is null || (t.Namespace ?? "").StartsWith(Namespace, StringComparison.Ordinal));

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
