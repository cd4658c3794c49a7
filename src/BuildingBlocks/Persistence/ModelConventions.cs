using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Persistence;

public static class ModelConventions
{
    /// <summary>
    /// Every DateTime is UTC in and out (SQLite keeps no kind; PostgreSQL's timestamptz takes only UTC), money has
    /// two decimals, and on a server the module's tables go to its schema.
    /// </summary>
    public static ModelConfigurationBuilder UseShopConventions(this ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcConverter>();
        configuration.Properties<decimal>().HavePrecision(18, 2);
        configuration.Conventions.Add(services => new ModuleSchemaConvention(
            RelationalOptionsExtension.Extract(services.GetRequiredService<IDbContextOptions>())
                .MigrationsHistoryTableSchema));
        return configuration;
    }

    /// <summary>
    /// Public for the modules' compiled models, which construct it. Times are kept to the microsecond, the precision
    /// PostgreSQL stores: a shop that grows from SQLite to PostgreSQL then answers with the very same times
    /// (docs/adr/0010-provider-neutral-backups.md).
    /// </summary>
    public sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => ToMicroseconds(v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime()),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
    {
        public static DateTime ToMicroseconds(DateTime utc) =>
            new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc);
    }
}
