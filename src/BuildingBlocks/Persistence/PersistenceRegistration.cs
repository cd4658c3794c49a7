using BuildingBlocks.Leases;
using BuildingBlocks.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BuildingBlocks.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// Registers a module's own DbContext on its own database, with the outbox wake-up, and lists it for
    /// migrations and readiness checks. SQLite (default): the file <c>data/{module}.db</c> unless
    /// <c>ConnectionStrings:{module}</c> names one. A server (<c>Database:Provider</c> Postgres or SqlServer):
    /// <c>ConnectionStrings:{module}</c>, else the shared <c>ConnectionStrings:Shop</c>, in the schema <c>{module}</c>.
    /// The context is scoped as before, leased from a pool: a module's DbContext must keep no state of its own.
    /// </summary>
    /// <param name="sqliteModel">The module's compiled model for SQLite (<c>scripts/compiled-models.sh</c>): with
    /// SQLite the context uses it instead of building its model at start-up. Other providers build theirs, so it is
    /// asked for only with SQLite (a compiled model initialises itself on first access).</param>
    public static IServiceCollection AddModuleDbContext<TContext>(
        this IServiceCollection services, string module, IConfiguration configuration, IHostEnvironment environment,
        Func<IModel>? sqliteModel = null)
        where TContext : DbContext
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var provider = DatabaseProviders.Parse(options.Provider);
        var connectionString = configuration.GetConnectionString(module) ?? (provider == DatabaseProvider.Sqlite
            ? SqliteConnectionString(module, options, environment)
            : configuration.GetConnectionString(DatabaseOptions.SharedConnectionString)
              ?? throw new InvalidOperationException(
                  $"Database:Provider is {provider}: set ConnectionStrings:{module} "
                  + $"or ConnectionStrings:{DatabaseOptions.SharedConnectionString}."));

        services.TryAddSingleton<OutboxWakeUp>();
        // Outbox claims and Idempotency-Keys in flight are leases of this process instance on the module's tables.
        services.AddLeases();
        services.AddSingleton(new ModuleDatabase(module, typeof(TContext)));
        // Pooled: a request leases a context that is reset on return instead of building one and its EF services
        // each time (a fifth of the cart read in a profile). Contexts take only their options; the options are
        // built once, so the interceptors are singletons (SqlitePragmas, OutboxWakeUp).
        services.AddDbContextPool<TContext>((sp, db) =>
        {
            db.UseModuleDatabase(provider, module, connectionString);
            if (provider == DatabaseProvider.Sqlite)
            {
                db.AddInterceptors(new SqlitePragmas(options.BusyTimeoutMilliseconds));
                if (sqliteModel is not null)
                {
                    db.UseModel(sqliteModel());
                }
            }

            db.AddInterceptors(sp.GetRequiredService<OutboxWakeUp>());
        });
        services.AddHealthChecks().AddDbContextCheck<TContext>($"db-{module.ToLowerInvariant()}", tags: ["ready"]);
        return services;
    }

    private static string SqliteConnectionString(string module, DatabaseOptions options, IHostEnvironment environment)
    {
        var folder = Path.IsPathRooted(options.DataDirectory)
            ? options.DataDirectory
            : Path.Combine(environment.ContentRootPath, options.DataDirectory);
        PrivateFiles.CreateFolder(folder);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, $"{module.ToLowerInvariant()}.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, options.BusyTimeoutMilliseconds / 1000),
        }.ToString();
    }
}
