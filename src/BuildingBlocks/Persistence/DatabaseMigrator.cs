using BuildingBlocks.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Persistence;

/// <summary>Applies every enabled module's pending migrations, then (optionally) its Development seed.</summary>
public sealed class DatabaseMigrator(
    IServiceProvider services,
    IEnumerable<ModuleDatabase> databases,
    ILogger<DatabaseMigrator> logger)
{
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(
            databases.Select(database => Task.Run(() => MigrateAsync(database, cancellationToken), cancellationToken)));

    /// <summary>
    /// Migrates, then seeds, each module side by side: modules own separate databases (files or schemas), and building
    /// their EF models is most of a start, so the cores share it.
    /// </summary>
    public Task MigrateAndSeedAsync(IEnumerable<IModule> modules, CancellationToken cancellationToken) =>
        Task.WhenAll(modules.Select(module => Task.Run(async () =>
        {
            var owned = databases.Where(d => d.Module == module.Name).ToList();
            foreach (var database in owned)
            {
                await MigrateAsync(database, cancellationToken);
            }

            await using var scope = services.CreateAsyncScope();
            await using var exclusive = owned.Count == 0
                ? null
                : await StartupLock.TakeAsync(
                    owned[0].Resolve(scope.ServiceProvider).Database, module.Name, cancellationToken);
            await module.SeedAsync(scope.ServiceProvider, cancellationToken);
        }, cancellationToken)));

    private async Task MigrateAsync(ModuleDatabase database, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = database.Resolve(scope.ServiceProvider);
        // Reading the history is enough to know the schema is current. MigrateAsync would also take the
        // migrations lock and compare the model with the snapshot, a third of a start with an existing
        // database; that comparison is CI's (has-pending-model-changes). A pending migration waits for the
        // module's start-up lock: Hosts starting together on one server migrate one after the other, and
        // the later ones find nothing left to apply.
        if (!await HasHistoryAsync(context, cancellationToken)
            || (await context.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await using var exclusive =
                await StartupLock.TakeAsync(context.Database, database.Module, cancellationToken);
            // Made before MigrateAsync, which on Npgsql would also read the missing table first.
            await context.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await context.Database.MigrateAsync(cancellationToken);
        }

        if (context.Database.IsSqlite())
        {
            // WAL is a property of the file: set once, kept by every later connection.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

            // Whoever opened the file first (a background service racing the migration included), it ends
            // readable by its owner only, with its -wal and -shm (#14 M1).
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
                context.Database.GetConnectionString()).DataSource;
            if (file is { Length: > 0 } and not ":memory:")
            {
                PrivateFiles.PrepareSqliteFile(Path.GetFullPath(file));
            }
        }

        logger.LogInformation("Database of module {Module} is up to date", database.Module);
    }

    /// <summary>
    /// Whether the module's migrations history exists. EF Core's check on Npgsql reads the table, and a missing one
    /// was logged as a failed command, twice per module, at a team's first start on PostgreSQL: it looked broken.
    /// PostgreSQL answers from its catalog instead.
    /// </summary>
    private static async Task<bool> HasHistoryAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (!context.Database.IsNpgsql())
        {
            return await context.GetService<IHistoryRepository>().ExistsAsync(cancellationToken);
        }

        var schema = RelationalOptionsExtension.Extract(context.GetService<IDbContextOptions>())
            .MigrationsHistoryTableSchema ?? "public";
        var table = $"\"{schema}\".\"{ModuleDbContextOptions.HistoryTable}\"";
        return await context.Database.SqlQuery<bool>($"SELECT to_regclass({table}) IS NOT NULL AS \"Value\"")
            .SingleAsync(cancellationToken);
    }
}
