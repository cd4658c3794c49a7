using System.Data;
using System.Data.Common;
using BuildingBlocks.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Host.DataCommands;

/// <summary>
/// One module's database for the data commands: its provider and connection string, and a DbContext of the module's
/// own type for its model and its migrations. Rows are moved with plain ADO.NET on connections of our own.
/// </summary>
internal sealed class ModuleStore : IAsyncDisposable, IDisposable
{
    private readonly bool _ownsContext;
    private IReadOnlyList<TableShape>? _tables;

    private ModuleStore(
        string module,
        DatabaseProvider provider,
        string connectionString,
        DbContext context,
        bool ownsContext)
    {
        Module = module;
        Provider = provider;
        ConnectionString = connectionString;
        Context = context;
        _ownsContext = ownsContext;
    }

    public string Module { get; }
    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public DbContext Context { get; }
    public IReadOnlyList<TableShape> Tables => _tables ??= TableShape.Of(Context);

    /// <summary>Where this database is, for messages (no password).</summary>
    public string Description => Provider == DatabaseProvider.Sqlite
        ? $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}"
        : $"{Provider} {Redacted(ConnectionString)} schema {Schema}";

    public string? Schema => Context.Model.GetDefaultSchema();

    /// <summary>The database the Host's configuration names for this module (as <c>migrate</c> uses it).</summary>
    public static ModuleStore Configured(IServiceProvider scope, ModuleDatabase database)
    {
        var context = database.Resolve(scope);
        var provider = ProviderOf(context);
        return new ModuleStore(
            database.Module,
            provider,
            context.Database.GetConnectionString()!,
            context,
            ownsContext: false);
    }

    /// <summary>
    /// Another database for the same module: a context of the module's type on it, made the way the Host makes its own
    /// (<see cref="ModuleDbContextOptions.UseModuleDatabase"/>: the provider's migrations, the module's schema).
    /// </summary>
    public static ModuleStore Other(ModuleDatabase database, DatabaseProvider provider, string connectionString)
    {
        var builder = (DbContextOptionsBuilder)Activator.CreateInstance(
            typeof(DbContextOptionsBuilder<>).MakeGenericType(database.ContextType))!;
        builder.UseModuleDatabase(provider, database.Module, connectionString);
        var context = (DbContext)Activator.CreateInstance(database.ContextType, builder.Options)!;
        return new ModuleStore(database.Module, provider, connectionString, context, ownsContext: true);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken, string? connectionString = null)
    {
        var connection = (DbConnection)Activator.CreateInstance(Context.Database.GetDbConnection().GetType())!;
        connection.ConnectionString = connectionString ?? ConnectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync();
            throw new DataCommandException($"{Module}: cannot open {Description}: {ex.Message}");
        }

        if (connection is SqliteConnection)
        {
            await Execute(connection, null, "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;", cancellationToken);
        }

        return connection;
    }

    public IMigrator Migrator => Context.GetService<IMigrator>();

    /// <summary>The migration ids of this code for this provider, oldest first.</summary>
    public IReadOnlyList<string> KnownMigrations => Context.Database.GetMigrations().ToList();

    public async Task<IReadOnlyList<string>> AppliedMigrationsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await Context.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            throw new DataCommandException($"{Module}: cannot read the migrations of {Description}: {ex.Message}");
        }
    }

    /// <summary>The last migration applied in the database that <paramref name="connection"/> is open on.</summary>
    public async Task<string?> LastMigrationAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var history = Context.GetService<ISqlGenerationHelper>()
            .DelimitIdentifier(ModuleDbContextOptions.HistoryTable, Schema);
        await using var command = Command(connection, transaction, $"SELECT {Quote("MigrationId")} FROM {history}");
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids.Order(StringComparer.Ordinal).LastOrDefault();
    }

    public string Quote(string identifier) => Context.GetService<ISqlGenerationHelper>().DelimitIdentifier(identifier);

    public async Task<long> CountAsync(
        DbConnection connection, DbTransaction? transaction, TableShape table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT COUNT(*) FROM {table.QuotedName}");
        var count = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async IAsyncEnumerable<object?[]> ReadAsync(
        DbConnection connection, DbTransaction? transaction, TableShape table,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => Quote(c.Name)));
        await using var command = Command(connection, transaction, $"SELECT {columns} FROM {table.QuotedName}");
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return RowValues.Read(reader, table);
        }
    }

    public async Task DeleteAllAsync(
        DbConnection connection,
        DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        foreach (var table in Tables.Reverse())
        {
            await Execute(connection, transaction, $"DELETE FROM {table.QuotedName}", cancellationToken);
        }
    }

    /// <summary>After rows came in with their own ids, a server's identity sequences must start above them.</summary>
    public async Task ResetIdentitiesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (Provider != DatabaseProvider.Postgres)
        {
            return; // SQLite continues from the largest rowid; SQL Server's IDENTITY_INSERT leaves the seed above.
        }

        foreach (var table in Tables)
        {
            foreach (var column in table.Columns.Where(c => c.IsIdentity))
            {
                var name = Quote(column.Name);
                var quotedTable = table.QuotedName.Replace("'", "''", StringComparison.Ordinal);
                await Execute(connection, null,
                    $"SELECT setval(pg_get_serial_sequence('{quotedTable}', '{column.Name}'), COALESCE(MAX({name}), " +
                        "0) + 1, false) " +
                    $"FROM {table.QuotedName}", cancellationToken);
            }
        }
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 600;
        return command;
    }

    public static async Task Execute(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsContext)
        {
            await Context.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (_ownsContext)
        {
            Context.Dispose();
        }
    }

    private static DatabaseProvider ProviderOf(DbContext context) => context.Database.ProviderName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => DatabaseProvider.Sqlite,
        "Npgsql.EntityFrameworkCore.PostgreSQL" => DatabaseProvider.Postgres,
        "Microsoft.EntityFrameworkCore.SqlServer" => DatabaseProvider.SqlServer,
        var name => throw new DataCommandException($"EF Core provider {name} is not one of the shop's."),
    };

    private static string Redacted(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (var key in new[] { "Password", "Pwd" })
        {
            if (builder.ContainsKey(key))
            {
                builder[key] = "***";
            }
        }

        return builder.ConnectionString;
    }
}
