using Microsoft.EntityFrameworkCore;
using NetArchTest.Rules;

namespace ArchitectureTests;

/// <summary>Who may use whom, checked on the IL by NetArchTest. Each rule returns the violators' full names.</summary>
internal static class DependencyRules
{
    /// <summary>Compiler artefacts every assembly may carry, whatever its allowed dependencies.</summary>
    private static readonly string[] CompilerGenerated
        = ["Microsoft.CodeAnalysis.EmbeddedAttribute", "<PrivateImplementationDetails>"];

    /// <summary>Types of <paramref name="subject"/> that use any of <paramref name="forbidden"/> (types of another
    /// module).</summary>
    public static IReadOnlyList<string> UsersOf(TypeSet subject, IEnumerable<Type> forbidden)
    {
        var names = forbidden.Where(IsWrittenByHand).Select(t => t.FullName!.Replace('+', '/')).Distinct().ToArray();
        return names.Length == 0 ? [] : Violators(subject.That().Should().NotHaveDependencyOnAny(names).GetResult());
    }

    /// <summary>
    /// Not the compiler's copies that every assembly carries under the same name (embedded attributes,
    /// <c>&lt;&gt;z__ReadOnlySingleElementList</c>, closures): a module "using" its own copy is not a violation.
    /// </summary>
    private static bool IsWrittenByHand(Type type) =>
        !string.IsNullOrEmpty(type.Namespace) && !type.FullName!.Contains('<', StringComparison.Ordinal) &&
        !type.Namespace.StartsWith("System", StringComparison.Ordinal) && !type.Namespace
            .StartsWith("Microsoft", StringComparison.Ordinal);

    /// <summary>The part of a module that is its database: its DbContexts and whatever lives in a Persistence
    /// namespace.</summary>
    public static IEnumerable<Type> PersistenceOf(IEnumerable<Type> moduleTypes) => moduleTypes.Where(t =>
        t.IsSubclassOf(typeof(DbContext)) || (t.Namespace ?? "").Split('.').Contains("Persistence"));

    /// <summary>Types of <paramref name="subject"/> that use a namespace rooted at any of <paramref name="roots"/> (a
    /// module, or its contracts).</summary>
    public static IReadOnlyList<string> UsersOfNamespaces(TypeSet subject, IEnumerable<string> roots) =>
        Violators(subject.That().Should().NotHaveDependencyOnAny(roots.ToArray()).GetResult());

    /// <summary>Types of <paramref name="subject"/> that use anything outside <paramref name="allowed"/> (namespaces or
    /// types).</summary>
    public static IReadOnlyList<string> UsersOfAnythingBut(TypeSet subject, IEnumerable<string> allowed) =>
        Violators(subject.That().ShouldNot().HaveDependenciesOtherThan([.. allowed, .. CompilerGenerated]).GetResult());

    private static string[] Violators(TestResult result) => result.IsSuccessful
        ? []
        : result.FailingTypeNames.Select(n => n.Replace('/', '+')).Order(StringComparer.Ordinal).ToArray();
}
