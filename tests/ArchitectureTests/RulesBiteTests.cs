using System.Xml.Linq;
using ArchitectureTests.Violations.Contracts;
using ArchitectureTests.Violations.DbContexts;
using ArchitectureTests.Violations.Endpoints;
using ArchitectureTests.Violations.Handlers;
using ArchitectureTests.Violations.Kernel;
using ArchitectureTests.Violations.Shipping;
using ShipParcelSlice = ArchitectureTests.Violations.Endpoints.Features.ShipParcel.ShipParcel;

namespace ArchitectureTests;

/// <summary>
/// A rule that never fails proves nothing. Each rule also runs on the deliberate violations in
/// <c>ArchitectureTests.Violations</c> and must report exactly the violators, no more, no fewer.
/// </summary>
public sealed class RulesBiteTests
{
    private static readonly IEnumerable<Type> Warehouse = TypeSet.Violations("Warehouse").Reflect();
    private static readonly IEnumerable<Type> Catalog = TypeSet.Of(typeof(Catalog.CatalogModule).Assembly).Reflect();

    [Fact]
    public void Rule_catches_a_module_using_another_modules_implementation()
    {
        var violators = DependencyRules.UsersOf(TypeSet.Violations("Shipping"), Warehouse.Concat(Catalog));

        Assert.Equal(Names(
            typeof(ShipmentPlanner),
            typeof(ShipmentPricing),
            typeof(ShipmentStockReader),
            typeof(ShipmentStockRowMapper)), violators);
    }

    [Fact]
    public void Rule_catches_a_module_using_another_modules_database()
    {
        var violators = DependencyRules.UsersOf(
            TypeSet.Violations("Shipping"),
            DependencyRules.PersistenceOf(Warehouse.Concat(Catalog)));

        Assert.Equal(Names(typeof(ShipmentStockReader), typeof(ShipmentStockRowMapper)), violators);
    }

    [Fact]
    public void Rule_catches_a_project_reference_to_another_modules_implementation()
    {
        var cart = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="..\..\BuildingBlocks\BuildingBlocks.csproj" />
                <ProjectReference Include="..\Cart.Contracts\Cart.Contracts.csproj" />
                <ProjectReference Include="..\Catalog.Contracts\Catalog.Contracts.csproj" />
                <ProjectReference Include="..\Catalog\Catalog.csproj" />
              </ItemGroup>
            </Project>
            """);
        string[] modules = ["Catalog", "Cart"];

        var violators = ProjectRules.ReferencesBeyond(cart, name => name == "Cart" || !modules.Contains(name));

        Assert.Equal(["Catalog"], violators);
    }

    [Fact]
    public void Rule_catches_a_contract_depending_on_more_than_abstractions()
    {
        var violators = DependencyRules.UsersOfAnythingBut(
            TypeSet.Violations("Contracts"), ModuleIsolationTests.ContractsAllowedDependencies(
                "ArchitectureTests.Violations.Contracts"));

        Assert.Equal(Names(typeof(ParcelPage), typeof(ParcelSnapshot)), violators);
    }

    [Fact]
    public void Rule_catches_the_kernel_or_the_gateway_using_a_module()
    {
        var violators = DependencyRules.UsersOfNamespaces(
            TypeSet.Violations("Kernel"),
            Shop.Modules.Select(m => m.Name));

        Assert.Equal(Names(typeof(GatewayRouteToCart), typeof(KernelShortcut)), violators);
    }

    [Fact]
    public void Rule_catches_a_public_handler()
    {
        var violators = ConventionRules.PublicHandlers(TypeSet.Violations("Handlers"));

        Assert.Equal(
            Names(
                typeof(ParcelQueryHandlerBase),
                typeof(PublicCountParcelsHandler),
                typeof(PublicParcelShippedHandler),
                typeof(PublicShipParcelNowHandler)),
            violators);
    }

    [Fact]
    public void Rule_catches_a_public_endpoint()
    {
        var violators = ConventionRules.PublicEndpoints(TypeSet.Violations("Endpoints"));

        Assert.Equal(Names(typeof(ParcelEndpoints), typeof(ShipParcelSlice)), violators);
    }

    [Fact]
    public void Rule_catches_a_public_DbContext()
    {
        var violators = ConventionRules.PublicDbContexts(TypeSet.Violations("DbContexts"));

        Assert.Equal(Names(typeof(ShippingDbContext)), violators);
    }

    [Fact]
    public void Rule_catches_a_mutable_contract()
    {
        var violators = ConventionRules.MutableContracts(TypeSet.Violations("Contracts"));

        Assert.Equal(Names(typeof(ParcelLine), typeof(ParcelShipped), typeof(RenameParcel)), violators);
    }

    private static string[] Names(params Type[] types)
        => types.Select(t => t.FullName!).Order(StringComparer.Ordinal).ToArray();
}
