using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Catalog.Persistence;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without starting the Host; SQLite unless told otherwise after
/// <c>--</c> (<c>-- --provider Postgres</c> or <c>SqlServer</c>): each provider has its migrations in
/// <c>Migrations/{Provider}</c>.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args)
        => new(ModuleDbContextOptions.ForDesignTime<CatalogDbContext>("Catalog", args));
}
