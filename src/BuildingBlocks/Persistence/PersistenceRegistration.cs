using BuildingBlocks.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BuildingBlocks.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// Registers a module's own DbContext on its own database (by default <c>data/{module}.db</c>),
    /// with the outbox wake-up, and lists it for migrations and readiness checks.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext>(
        this IServiceCollection services, string module, IConfiguration configuration, IHostEnvironment environment)
        where TContext : DbContext
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(module) ?? SqliteConnectionString(module, options, environment);

        services.TryAddSingleton<OutboxWakeUp>();
        services.AddSingleton(new ModuleDatabase(module, typeof(TContext)));
        services.AddDbContext<TContext>((sp, db) =>
        {
            if (!options.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Database provider '{options.Provider}' is not supported yet; use 'Sqlite'.");
            }

            db.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__EFMigrationsHistory"))
              .AddInterceptors(new SqlitePragmas(options.BusyTimeoutMilliseconds), sp.GetRequiredService<OutboxWakeUp>());
        });
        services.AddHealthChecks().AddDbContextCheck<TContext>($"db-{module.ToLowerInvariant()}", tags: ["ready"]);
        return services;
    }

    private static string SqliteConnectionString(string module, DatabaseOptions options, IHostEnvironment environment)
    {
        var folder = Path.IsPathRooted(options.DataDirectory)
            ? options.DataDirectory
            : Path.Combine(environment.ContentRootPath, options.DataDirectory);
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, $"{module.ToLowerInvariant()}.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, options.BusyTimeoutMilliseconds / 1000),
        }.ToString();
    }
}
