namespace ArchitectureTests;

/// <summary>Module boundaries as the design states them, on the real assemblies.</summary>
public sealed class ModuleIsolationTests
{
    private static readonly string[] ModuleNames = Shop.Modules.Select(m => m.Name).ToArray();

    [Fact]
    public void Every_module_of_the_host_is_checked()
    {
        Assert.Superset(new HashSet<string> { "Catalog", "Cart", "Ordering", "Identity" }, ModuleNames.ToHashSet());
    }

    [Fact]
    public void Rules_see_the_types_of_every_module()
    {
        // Guards against a selection that silently matches nothing, which would make every rule pass.
        Assert.All(Shop.Modules, module => Assert.Contains(
            TypeSet.Of(module.Implementation).That().GetTypes(), t => t.Assembly == module.Implementation
                && t.Name == $"{module.Name}Module"));
    }

    [Fact]
    public void Modules_do_not_reference_other_modules_implementation()
    {
        var violations = Shop.Modules.SelectMany(module => DependencyRules.UsersOf(
                TypeSet.Of(module.Implementation, module.Contracts),
                Shop.OtherThan(module).SelectMany(other => TypeSet.Of(other.Implementation).Reflect()))
            .Select(type => $"{module}: {type}"));

        Assert.Empty(violations);
    }

    [Fact]
    public void Modules_do_not_reference_other_modules_database()
    {
        var violations = Shop.Modules.SelectMany(module => DependencyRules.UsersOf(
                TypeSet.Of(module.Implementation, module.Contracts),
                DependencyRules.PersistenceOf(
                    Shop.OtherThan(module).SelectMany(other => TypeSet.Of(other.Implementation).Reflect())))
            .Select(type => $"{module}: {type}"));

        Assert.Empty(violations);
    }

    [Fact]
    public void Module_projects_reference_only_contracts_of_other_modules()
    {
        var violations = Shop.Modules.SelectMany(module => ProjectRules.ReferencesBeyond(
                ProjectRules.Load($"src/Modules/{module.Name}/{module.Name}.csproj"),
                name => name == module.Name || !ModuleNames.Contains(name))
            .Select(reference => $"{module}: {reference}"));

        Assert.Empty(violations);
    }

    [Fact]
    public void Contracts_depend_only_on_allowed_abstractions()
    {
        var violations = Shop.Modules.SelectMany(module => DependencyRules.UsersOfAnythingBut(
                TypeSet.Of(module.Contracts), ContractsAllowedDependencies($"{module.Name}.Contracts"))
            .Select(type => $"{module}.Contracts: {type}"));

        Assert.Empty(violations);
    }

    [Fact]
    public void Contracts_projects_reference_only_the_contracts_base()
    {
        var violations = Shop.Modules.SelectMany(module => ProjectRules.ReferencesBeyond(
                ProjectRules.Load($"src/Modules/{module.Name}.Contracts/{module.Name}.Contracts.csproj"),
                name => name == "BuildingBlocks.Contracts")
            .Select(reference => $"{module}.Contracts: {reference}"));

        Assert.Empty(violations);
    }

    [Fact]
    public void Building_blocks_do_not_reference_modules()
    {
        Assert.Empty(DependencyRules.UsersOfNamespaces(
            TypeSet.Of(Shop.BuildingBlocks, Shop.BuildingBlocksContracts),
            ModuleNames));
        Assert.Empty(
            ProjectRules.ReferencesBeyond(ProjectRules.Load("src/BuildingBlocks/BuildingBlocks.csproj"), IsNotAModule));
        Assert.Empty(ProjectRules.ReferencesBeyond(
            ProjectRules.Load("src/BuildingBlocks.Contracts/BuildingBlocks.Contracts.csproj"),
            IsNotAModule));
    }

    [Fact]
    public void Gateway_does_not_reference_modules()
    {
        Assert.Empty(DependencyRules.UsersOfNamespaces(TypeSet.Of(Shop.Gateway), ModuleNames));
        Assert.Empty(ProjectRules.ReferencesBeyond(ProjectRules.Load("src/Gateway/Gateway.csproj"), IsNotAModule));
    }

    /// <summary>What a Contracts assembly may use: the contracts base, the mediator's markers, the BCL,
    /// itself.</summary>
    internal static string[] ContractsAllowedDependencies(string ownNamespace) =>
        ["System", "Mediator", "BuildingBlocks.Contracts", ownNamespace];

    private static bool IsNotAModule(string project) =>
        !ModuleNames.Any(m => project == m || project == $"{m}.Contracts");
}
