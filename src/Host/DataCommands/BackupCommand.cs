using System.Reflection;
using BuildingBlocks.Persistence;

namespace Host.DataCommands;

/// <summary><c>backup --out &lt;dir&gt;</c>: every module's rows, from one snapshot each, while the shop keeps
/// serving.</summary>
internal static class BackupCommand
{
    public static async Task<int> RunAsync(
        IServiceProvider services, IReadOnlyList<ModuleDatabase> databases, string folder, TextWriter output,
        CancellationToken cancellationToken)
    {
        folder = Path.GetFullPath(folder);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new DataCommandException($"{folder} is not empty: a backup goes into a new or empty folder.");
        }

        PrivateFiles.CreateFolder(folder);
        var startedAt = DateTime.UtcNow;
        await using var scope = services.CreateAsyncScope();
        var stores = databases.Select(d => ModuleStore.Configured(scope.ServiceProvider, d)).ToList();
        await output.WriteLineAsync($"Backing up {stores.Count} module(s) into {folder} (started {startedAt:O}).");

        var modules = new List<ModuleBackup>();
        await using (var snapshots = await Snapshots.TakeAsync(stores, folder, cancellationToken))
        {
            foreach (var store in Snapshots.InSnapshotOrder(stores))
            {
                var (connection, transaction) = snapshots.Of(store);
                var lastMigration = await store.LastMigrationAsync(connection, transaction, cancellationToken);
                var moduleFolder = Path.Combine(folder, store.Module.ToLowerInvariant());
                PrivateFiles.CreateFolder(moduleFolder);
                var tables = new List<TableBackup>();
                foreach (var table in store.Tables)
                {
                    var file = Path.Combine(store.Module.ToLowerInvariant(), table.Name + ".jsonl");
                    var (rows, sha) = await BackupFiles.WriteRowsAsync(
                        Path.Combine(folder, file), store.ReadAsync(connection, transaction, table, cancellationToken),
                        cancellationToken);
                    tables.Add(
                        new TableBackup(table.Name, file, table.Columns.Select(c => c.Name).ToList(), rows, sha));
                }

                modules.Add(new ModuleBackup(store.Module, store.Provider.ToString(), lastMigration, tables));
                await output.WriteLineAsync(
                    $"  {store.Module,-9} {store.Description}: migration {lastMigration}, " +
                    string.Join(", ", tables.Select(t => $"{t.Name} {t.Rows}")));
            }
        }

        var version = Assembly.GetExecutingAssembly()
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        await new BackupManifest(BackupManifest.CurrentFormat, startedAt, DateTime.UtcNow, version, modules)
            .WriteAsync(folder, cancellationToken);
        var bytes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        await output.WriteLineAsync(
            $"Backup complete: {modules.Sum(m => m.Tables.Sum(t => t.Rows))} rows, {bytes / 1024.0:0.0} KiB, " +
            $"manifest {BackupManifest.FileName}.");
        return 0;
    }
}
