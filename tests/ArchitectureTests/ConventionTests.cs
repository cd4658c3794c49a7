namespace ArchitectureTests;

/// <summary>What stays inside a module, and what may cross a process boundary, on the real assemblies.</summary>
public sealed class ConventionTests
{
    private static readonly TypeSet Modules = TypeSet.Of([.. Shop.Modules.Select(m => m.Implementation)]);
    private static readonly TypeSet Contracts = TypeSet.Of(
        [.. Shop.Modules.Select(m => m.Contracts), Shop.BuildingBlocksContracts]);

    [Fact]
    public void Handlers_are_not_public() => Assert.Empty(ConventionRules.PublicHandlers(Modules));

    [Fact]
    public void Endpoints_are_not_public() => Assert.Empty(ConventionRules.PublicEndpoints(Modules));

    [Fact]
    public void DbContexts_are_not_public() => Assert.Empty(ConventionRules.PublicDbContexts(Modules));

    [Fact]
    public void Contract_messages_and_their_dtos_are_immutable()
        => Assert.Empty(ConventionRules.MutableContracts(Contracts));
}
