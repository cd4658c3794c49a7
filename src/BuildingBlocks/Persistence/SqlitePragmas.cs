using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BuildingBlocks.Persistence;

/// <summary>
/// Per-connection SQLite settings: wait for the writer lock instead of failing at once, and the
/// durability level that WAL makes safe (a crash loses no committed transaction, a power cut may lose the last).
/// </summary>
/// <remarks>
/// The settings belong to the native connection, which Microsoft.Data.Sqlite pools and hands back on every
/// <c>Open</c>: they are sent once per native connection, not once per query (three statements a request saved).
/// </remarks>
internal sealed class SqlitePragmas(int busyTimeoutMs) : DbConnectionInterceptor
{
    private readonly string _pragmas
        = $"PRAGMA busy_timeout={busyTimeoutMs}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    // Keyed by the native handle: a handle the pool closes goes away with its entry. A handle is used by one
    // connection at a time, so it is marked only after its settings were applied (a failure retries next time).
    private readonly ConditionalWeakTable<object, object?> _applied = [];

    // A module's contexts share one connection string: its file is made private once, before SQLite first opens it
    // (created then, it is created 0600; made by an older version, it is narrowed).
    private volatile bool _filePrepared;

    public override InterceptionResult ConnectionOpening(
        DbConnection connection,
        ConnectionEventData eventData,
        InterceptionResult result)
    {
        PrepareFile(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection,
        ConnectionEventData eventData,
        InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        PrepareFile(connection);
        return ValueTask.FromResult(result);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!Applied(connection))
        {
            using var command = Command(connection);
            command.ExecuteNonQuery();
            MarkApplied(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection,
        ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (!Applied(connection))
        {
            await using var command = Command(connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            MarkApplied(connection);
        }
    }

    private void PrepareFile(DbConnection connection)
    {
        if (_filePrepared)
        {
            return;
        }

        var builder = new SqliteConnectionStringBuilder(connection.ConnectionString);
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate && builder.DataSource is { Length: > 0 } and not ":memory:")
        {
            PrivateFiles.PrepareSqliteFile(Path.GetFullPath(builder.DataSource));
        }

        _filePrepared = true;
    }

    private bool Applied(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && _applied.TryGetValue(handle, out _);

    private void MarkApplied(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _applied.AddOrUpdate(handle, null);
        }
    }

    private DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        return command;
    }
}
