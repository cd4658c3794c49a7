using System.Data;
using System.Data.Common;
using BuildingBlocks.Persistence;
using Microsoft.Data.Sqlite;

namespace Host.DataCommands;

/// <summary> A consistent read of each module's database while the shop keeps running
/// (docs/adr/0010-provider-neutral-backups.md). SQLite: <c>VACUUM INTO</c> a private copy, read in one transaction. A
/// server: one REPEATABLE READ transaction per database, so modules sharing a database (a schema each) are read in one
/// snapshot.
/// </summary>
internal sealed class Snapshots : IAsyncDisposable
{
    // Modules whose events start the others' work go last: every effect in an earlier snapshot then has its cause (an
    // order, its OrderPlaced event) in a later one, and what a later snapshot holds beyond an earlier one is handed
    // over again on restore (OutboxRedelivery). Ordering places the orders that Catalog reserves and Cart empties.
    private static readonly string[] Order = ["Identity", "Cart", "Catalog", "Ordering"];

    private readonly Dictionary<string, (DbConnection Connection, DbTransaction Transaction)> _byModule = [];
    private readonly List<DbConnection> _connections = [];
    private readonly List<string> _copies = [];

    public static IEnumerable<ModuleStore> InSnapshotOrder(IEnumerable<ModuleStore> stores) =>
        stores.OrderBy(s => Array.IndexOf(Order, s.Module));

    public static async Task<Snapshots> TakeAsync(
        IEnumerable<ModuleStore> stores, string scratchFolder, CancellationToken cancellationToken)
    {
        var snapshots = new Snapshots();
        try
        {
            var servers = new Dictionary<string, (DbConnection, DbTransaction)>();
            var sqlite = new List<(ModuleStore Store, string Copy)>();
            foreach (var store in InSnapshotOrder(stores))
            {
                if (store.Provider == DatabaseProvider.Sqlite)
                {
                    var copy = Path.Combine(
                        scratchFolder,
                        $".{store.Module.ToLowerInvariant()}-{Guid.NewGuid():N}.snapshot.db");
                    snapshots._copies.Add(copy);
                    // VACUUM INTO fills an empty file and keeps its mode: the copy is as private as the database.
                    PrivateFiles.PrepareSqliteFile(copy);
                    await using var live = await store.OpenAsync(cancellationToken);
                    var quoted = copy.Replace("'", "''", StringComparison.Ordinal);
                    await ModuleStore.Execute(live, null, $"VACUUM INTO '{quoted}'", cancellationToken);
                    sqlite.Add((store, copy));
                    continue;
                }

                var key = $"{store.Provider}|{store.ConnectionString}";
                if (!servers.TryGetValue(key, out var open))
                {
                    var connection = await store.OpenAsync(cancellationToken);
                    snapshots._connections.Add(connection);
                    var transaction = await connection.BeginTransactionAsync(
                        store.Provider == DatabaseProvider.SqlServer
                            ? IsolationLevel.Snapshot
                            : IsolationLevel.RepeatableRead,
                        cancellationToken);
                    // PostgreSQL takes the snapshot at the first statement: take it now, before the next module's.
                    await ModuleStore.Execute(connection, transaction, "SELECT 1", cancellationToken);
                    servers[key] = open = (connection, transaction);
                }

                snapshots._byModule[store.Module] = open;
            }

            foreach (var (store, copy) in sqlite)
            {
                var connectionString = new SqliteConnectionStringBuilder
                {
                    DataSource = copy,
                    Mode = SqliteOpenMode.ReadOnly,
                    Pooling = false,
                }.ToString();
                var connection = await store.OpenAsync(cancellationToken, connectionString);
                snapshots._connections.Add(connection);
                snapshots._byModule[store.Module] = (connection, await connection.BeginTransactionAsync(
                    cancellationToken));
            }

            return snapshots;
        }
        catch
        {
            await snapshots.DisposeAsync();
            throw;
        }
    }

    public (DbConnection Connection, DbTransaction Transaction) Of(ModuleStore store) => _byModule[store.Module];

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var copy in _copies)
        {
            File.Delete(copy);
        }
    }
}
