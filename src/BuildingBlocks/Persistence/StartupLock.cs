using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace BuildingBlocks.Persistence;

/// <summary>
/// One process at a time through a module's start-up writes (its migrations, its seed, Identity's roles and clients) on
/// a database server that several Hosts share: the scaled topology starts its Hosts together, and each would otherwise
/// create the same schema objects, roles or clients (a duplicate, and a Host that does not start).
/// </summary>
/// <remarks>
/// On PostgreSQL, a session advisory lock per module on a connection of its own, out of the pool (closing it ends the
/// session, and the lock with it, even if the process dies holding it). EF Core's own lock there is not enough: it is
/// <c>LOCK TABLE</c> on the history table inside each migration's transaction, so two Hosts that both read a fresh
/// history apply the same migrations one after the other (42P07 "already exists", seen in CI). Other providers: none.
/// SQLite's files belong to one process. On SQL Server, EF Core's <c>sp_getapplock</c> holds for a whole migration run,
/// but seeds and Identity's start-up writes are not taken in turn there (not built: no SQL Server runs on our
/// machines to test it).
/// </remarks>
public static class StartupLock
{
    public static async Task<IAsyncDisposable?> TakeAsync(
        DatabaseFacade database, string module, CancellationToken cancellationToken)
    {
        if (!database.IsNpgsql())
        {
            return null;
        }

        var session = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(database.GetConnectionString()) { Pooling = false }.ConnectionString);
        try
        {
            await session.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext($1))", session)
            {
                Parameters = { new() { Value = "shop-startup:" + module.ToLowerInvariant() } },
                CommandTimeout = 0,
            };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }
}
