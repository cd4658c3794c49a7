using System.Data.Common;
using BuildingBlocks.Persistence;

namespace Host.DataCommands;

/// <summary>
/// <c>restore --from &lt;dir&gt; [--force]</c>: a backup into the configured databases, whatever provider either is.
/// Everything is checked before anything is written: the manifest, every file's checksum, the schema, the target.
/// </summary>
internal static class RestoreCommand
{
    private const int BatchSize = 1000;

    public static async Task<int> RunAsync(
        IServiceProvider services, IReadOnlyList<ModuleDatabase> databases, string folder, bool force,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        folder = Path.GetFullPath(folder);
        var manifest = await BackupManifest.ReadAsync(folder, cancellationToken);
        foreach (var module in manifest.Modules)
        {
            foreach (var table in module.Tables)
            {
                await BackupFiles.CheckAsync(folder, module.Name, table, cancellationToken);
            }
        }

        await output.WriteLineAsync(
            $"Backup of {manifest.StartedAt:O} checked: {manifest.Modules.Count} module(s), every file matches the " +
                "manifest.");
        await using var scope = services.CreateAsyncScope();
        var plans
            = new List<(ModuleStore Store, ModuleBackup Backup, string Migration, IReadOnlyList<string> Applied)>();
        foreach (var database in databases)
        {
            var store = ModuleStore.Configured(scope.ServiceProvider, database);
            var backup = manifest.Modules.FirstOrDefault(m => m.Name == store.Module)
                ?? throw new DataCommandException($"The backup holds no module {store.Module}, which this Host runs.");
            var applied = await store.AppliedMigrationsAsync(cancellationToken);
            plans.Add((store, backup, MatchingMigration(database, store, backup), applied));
        }

        if (manifest.Modules.FirstOrDefault(m => plans.All(p => p.Store.Module != m.Name)) is { } extra)
        {
            throw new DataCommandException(
                $"The backup holds module {extra.Name}, which this Host does not run (Modules:Enabled): restore it " +
                    "where it runs.");
        }

        var occupied = new List<string>();
        foreach (var (store, _, _, applied) in plans.Where(p => p.Applied.Count > 0))
        {
            occupied.AddRange(await TargetRows.NonEmptyTablesAsync(store, cancellationToken));
        }

        if (occupied.Count > 0 && !force)
        {
            throw new DataCommandException(
                $"the target is not empty ({string.Join(", ", occupied)}). " +
                "Restore into empty databases, or add --force to replace their data.");
        }

        foreach (var (store, backup, migration, applied) in plans)
        {
            await RestoreModuleAsync(folder, store, backup, migration, applied, force, output, cancellationToken);
            var redelivered = await OutboxRedelivery.MarkPendingAsync(
                store.Context,
                manifest.StartedAt,
                cancellationToken);
            await output.WriteLineAsync(
                $"  {store.Module,-9} {redelivered} outbox event(s) will be handed over again.");
        }

        await output.WriteLineAsync("Restore complete. Start the Host to deliver the pending events, then run verify.");
        return 0;
    }

    /// <summary> The migration to put the rows in. Each provider has its own migrations
    /// (docs/adr/0005-migrations-per-provider.md): on the backup's provider its own migration, carried forward after;
    /// on another, the current schema, which the backup must then be at too.
    /// </summary>
    private static string MatchingMigration(ModuleDatabase database, ModuleStore store, ModuleBackup backup)
    {
        var provider = Enum.TryParse<DatabaseProvider>(backup.Provider, out var parsed)
            ? parsed
            : throw new DataCommandException(
                $"{store.Module}: the backup names an unknown provider {backup.Provider}.");
        using var theirs = ModuleStore.Other(database, provider, PlaceholderConnection(provider));
        var known = theirs.KnownMigrations;
        if (backup.LastMigration is not { } migration || !known.Contains(migration))
        {
            throw new DataCommandException(
                $"{store.Module}: the backup's schema is at migration {backup.LastMigration ?? "(none)"}, which this " +
                    "version of " +
                "the shop does not know: the backup is from a newer version. Restore it with that version (or newer).");
        }

        if (provider == store.Provider)
        {
            return migration;
        }

        return migration == known[^1]
            ? store.KnownMigrations[^1]
            : throw new DataCommandException(
                $"{store.Module}: the backup is of an older schema ({migration}) on {provider}. Restore it on " +
                    $"{provider} first " +
                $"(which migrates it forward), then move it to {store.Provider} with copy-data or a new backup.");
    }

    /// <summary>Only to list a provider's migrations: no connection is opened.</summary>
    private static string PlaceholderConnection(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "Data Source=:memory:",
        DatabaseProvider.Postgres => "Host=localhost;Database=shop",
        _ => "Server=localhost;Database=shop",
    };

    private static async Task RestoreModuleAsync(
        string folder, ModuleStore store, ModuleBackup backup, string migration, IReadOnlyList<string> applied,
        bool force,
        TextWriter output, CancellationToken cancellationToken)
    {
        // Rows go into the schema they were taken from; later migrations then carry them forward.
        if (applied.Count == 0 || string.CompareOrdinal(applied[^1], migration) < 0)
        {
            await store.Migrator.MigrateAsync(migration, cancellationToken);
        }

        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (force)
            {
                await store.DeleteAllAsync(connection, transaction, cancellationToken);
            }

            foreach (var table in store.Tables)
            {
                if (backup.Tables.FirstOrDefault(t => t.Name == table.Name) is { } saved)
                {
                    await InsertTableAsync(folder, store, table, saved, connection, transaction, cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await store.Migrator.MigrateAsync(null, cancellationToken);
        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            await store.ResetIdentitiesAsync(connection, cancellationToken);
        }

        await output.WriteLineAsync(
            $"  {store.Module,-9} {store.Description}: {backup.Tables.Sum(t => t.Rows)} rows restored " +
            $"(taken at {backup.LastMigration} on {backup.Provider}).");
    }

    private static async Task InsertTableAsync(
        string folder, ModuleStore store, TableShape table, TableBackup saved, DbConnection connection,
        DbTransaction transaction, CancellationToken cancellationToken)
    {
        var inserter = new RowInserter(store, table, saved.Columns);
        var types = saved.Columns.Select(c => table.Column(c)!.StoredType).ToList();
        var batch = new List<object?[]>(BatchSize);
        await foreach (var row in BackupFiles.ReadRowsAsync(Path.Combine(folder, saved.File), types, cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                await inserter.InsertAsync(connection, transaction, batch, cancellationToken);
                batch.Clear();
            }
        }

        await inserter.InsertAsync(connection, transaction, batch, cancellationToken);
    }
}
