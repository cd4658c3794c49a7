// Deliberate violations: a pretend "Shipping" module that reaches into a pretend "Warehouse" module
// and into the real Catalog module. Only RulesBiteTests looks at them.
using ArchitectureTests.Violations.Warehouse;
using ArchitectureTests.Violations.Warehouse.Persistence;
using BuildingBlocks.Contracts;
using Microsoft.EntityFrameworkCore;

namespace ArchitectureTests.Violations.Warehouse
{
    internal sealed class WarehouseModule
    {
        public string Name => "Warehouse";
    }
}

namespace ArchitectureTests.Violations.Warehouse.Persistence
{
    internal sealed class WarehouseDbContext(DbContextOptions<WarehouseDbContext> options) : DbContext(options)
    {
        public DbSet<StockRow> Stock => Set<StockRow>();
    }

    internal sealed class StockRow
    {
        public Guid ProductId { get; init; }
        public int OnHand { get; init; }
    }
}

namespace ArchitectureTests.Violations.Shipping
{
    /// <summary>Uses another module's implementation (not its database).</summary>
    internal sealed class ShipmentPlanner
    {
        public string Warehouse() => new WarehouseModule().Name;
    }

    /// <summary>Reads another module's tables through its DbContext.</summary>
    internal sealed class ShipmentStockReader(WarehouseDbContext warehouse)
    {
        public int Count() => warehouse.Stock.Count();
    }

    /// <summary>Uses another module's persistence entity.</summary>
    internal static class ShipmentStockRowMapper
    {
        public static int OnHand(StockRow row) => row.OnHand;
    }

    /// <summary>Uses a real module's implementation type.</summary>
    internal static class ShipmentPricing
    {
        public static string Owner() => new Catalog.CatalogModule().Name;
    }

    /// <summary>Fine: only the contracts base.</summary>
    internal static class ShipmentQuote
    {
        public static ContractResult<decimal> Free() => 0m;
    }
}
