using System.Reflection;
using System.Xml.Linq;

namespace ArchitectureTests;

/// <summary>
/// The storefront is a client of the public API, like any other app: it references no module, no Contracts project,
/// not even BuildingBlocks, so that what it shows is what any client can get over HTTP (docs/adr/0014).
/// </summary>
public sealed class StorefrontIsolationTests
{
    private static readonly Assembly Storefront = Assembly.Load("Storefront");

    /// <summary>The namespaces the storefront may not touch: every module's, its contracts', the kernel's.</summary>
    private static IEnumerable<string> Forbidden() =>
        Shop.Modules.SelectMany(m => new[] { m.Name + ".", m.Name + ".Contracts" })
            .Concat(["BuildingBlocks"]);

    [Fact]
    public void Storefront_project_references_no_other_project()
    {
        Assert.Empty(StorefrontRules.ProjectReferences(ProjectRules.Load("src/Storefront/Storefront.csproj")));
    }

    [Fact]
    public void Storefront_types_use_no_module_contract_or_building_block()
    {
        Assert.Contains(TypeSet.Of(Storefront).That().GetTypes(), t => t.Name == "StorefrontRegistration");
        Assert.Empty(DependencyRules.UsersOfNamespaces(TypeSet.Of(Storefront), Forbidden()));
    }

    [Fact]
    public void Rule_catches_a_storefront_project_that_references_a_contracts_project()
    {
        var storefront = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk.Razor">
              <ItemGroup>
                <ProjectReference Include="..\Modules\Catalog.Contracts\Catalog.Contracts.csproj" />
              </ItemGroup>
            </Project>
            """);

        Assert.Equal(["Catalog.Contracts"], StorefrontRules.ProjectReferences(storefront));
    }

    [Fact]
    public void Rule_catches_storefront_code_that_uses_a_module_contract()
    {
        var violators = DependencyRules.UsersOfNamespaces(TypeSet.Violations("Storefront"), Forbidden());

        Assert.Equal([typeof(Violations.Storefront.CatalogPageReadingContracts).FullName!], violators);
    }
}

internal static class StorefrontRules
{
    /// <summary>Every project the storefront references: none is allowed.</summary>
    public static IReadOnlyList<string> ProjectReferences(XDocument project) =>
        ProjectRules.ReferencesBeyond(project, _ => false);
}
