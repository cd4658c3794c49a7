using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Persistence;

/// <summary>One module's database, as the Host sees it when it migrates, seeds or health-checks.</summary>
public sealed record ModuleDatabase(string Module, Type ContextType)
{
    public DbContext Resolve(IServiceProvider services) => (DbContext)services.GetService(ContextType)!;
}
