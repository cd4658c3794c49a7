using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace BuildingBlocks.Persistence;

/// <summary>
/// On a server every module's tables live in its own schema: the one its migrations history table was given
/// (<see cref="ModuleDbContextOptions"/>). SQLite has no schemas and gets none, so its model stays as it was.
/// </summary>
internal sealed class ModuleSchemaConvention(string? schema) : IModelInitializedConvention
{
    public void ProcessModelInitialized(
        IConventionModelBuilder modelBuilder,
        IConventionContext<IConventionModelBuilder> context)
    {
        if (schema is not null)
        {
            modelBuilder.HasDefaultSchema(schema);
        }
    }
}
