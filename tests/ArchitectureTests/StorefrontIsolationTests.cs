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
    public void Storefront_project_references_no_other_project_than_the_typed_client()
    {
        Assert.Empty(StorefrontRules.ProjectReferences(ProjectRules.Load("src/Storefront/Storefront.csproj")));
    }

    [Fact]
    public void The_typed_client_references_no_project_and_uses_no_module_contract_or_building_block()
    {
        Assert.Empty(
            ProjectRules.ReferencesBeyond(ProjectRules.Load("src/Shop.Client/Shop.Client.csproj"), _ => false));
        Assert.Empty(DependencyRules.UsersOfNamespaces(TypeSet.Of(Assembly.Load("Shop.Client")), Forbidden()));
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
    public void Rule_lets_the_storefront_reference_the_typed_client_and_nothing_else()
    {
        var storefront = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk.Razor">
              <ItemGroup>
                <ProjectReference Include="..\Shop.Client\Shop.Client.csproj" />
                <ProjectReference Include="..\BuildingBlocks\BuildingBlocks.csproj" />
              </ItemGroup>
            </Project>
            """);

        Assert.Equal(["BuildingBlocks"], StorefrontRules.ProjectReferences(storefront));
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
    /// <summary>Every project the storefront references beyond the typed client of the public API (itself held to
    /// the same rule).</summary>
    public static IReadOnlyList<string> ProjectReferences(XDocument project) =>
        ProjectRules.ReferencesBeyond(project, name => name == "Shop.Client");
}
