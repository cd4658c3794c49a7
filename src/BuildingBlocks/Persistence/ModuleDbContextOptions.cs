using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Persistence;

/// <summary>
/// How a module's DbContext meets its database, the same at run time and for <c>dotnet ef</c>: the provider,
/// its migrations (those of the provider's folder in the module's migrations project,
/// <see cref="ProviderMigrationsAssembly"/>), and with a server
/// the module's own schema, which also holds its migrations history (<see cref="ModelConventions"/>).
/// </summary>
public static class ModuleDbContextOptions
{
    public const string HistoryTable = "__EFMigrationsHistory";

    /// <remarks>
    /// <para>A failed statement is logged at Information, not as an error: the modules take unique keys and versions
    /// as their locks (a cart created twice at once, an <c>Idempotency-Key</c> or an email taken first, a version
    /// changed meanwhile) and answer the loser, so an error there is nothing for an operator to chase. A failure
    /// nobody handles is still logged with its exception: as an error by the Host's problem handler, or by the
    /// background worker it failed.</para>
    /// <para>On SQLite and PostgreSQL a list in a query (<c>ids.Contains(p.Id)</c>) goes as one array parameter (json_each,
    /// <c>= ANY</c>): one SQL text for any length, cached once. EF Core 10's default, a parameter per element, makes it
    /// rewrite the list and generate the SQL again at every call (docs/benchmarks.md, "Query preparation on the hot
    /// paths"). SQL Server keeps that default, which gives its optimizer the list's length.</para>
    /// </remarks>
    public static DbContextOptionsBuilder UseModuleDatabase(
        this DbContextOptionsBuilder db, DatabaseProvider provider, string module, string connectionString)
    {
        var schema = module.ToLowerInvariant();
        var migrations = MigrationsAssemblyOf(module);
        _ = provider switch
        {
            DatabaseProvider.Sqlite => db.UseSqlite(connectionString, sqlite => sqlite
                .MigrationsHistoryTable(HistoryTable).MigrationsAssembly(migrations)
                .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)),
            DatabaseProvider.Postgres => db.UseNpgsql(WithNpgsqlDefaults(connectionString), npgsql => npgsql
                .MigrationsHistoryTable(HistoryTable, schema).MigrationsAssembly(migrations)
                .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter)),
            DatabaseProvider.SqlServer => db.UseSqlServer(connectionString, sql => sql
                .MigrationsHistoryTable(HistoryTable, schema).MigrationsAssembly(migrations)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
        return db.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>()
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Information),
                (CoreEventId.SaveChangesFailed, LogLevel.Information)));
    }

    /// <summary>
    /// The Npgsql settings a Host's modules run with, each kept at the connection string's value when it gives one:
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare=64</c> with <c>Auto Prepare Min Usages=2</c>: Npgsql prepares a statement on the
    /// server once it has run it twice, so PostgreSQL stops parsing and planning the same few queries on every request
    /// (off in Npgsql unless set). Measured on the scaled topology: PostgreSQL's CPU per request 0.76x for a product
    /// read and 0.49x for a cart read (docs/benchmarks.md). 0 for a pooler in transaction mode that cannot keep
    /// prepared statements (PgBouncer before 1.21).</item>
    /// <item><c>No Reset On Close=true</c>: a pooled connection goes back without Npgsql's reset, the seven
    /// statements (<c>RESET ALL</c>, <c>CLOSE ALL</c>, <c>UNLISTEN *</c>, advisory locks, ...) it would otherwise send
    /// with the next request's first query. No module sets session state: a transaction still ends with its
    /// connection. PostgreSQL's CPU per read 0.7x (docs/benchmarks.md).</item>
    /// </list>
    /// </summary>
    public static string WithNpgsqlDefaults(string connectionString)
    {
        // Npgsql's builder reports every keyword it knows as present: look at the keys the string itself gives.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToList();
        bool Gives(string key) => given.Contains(key, StringComparer.OrdinalIgnoreCase);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Gives("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Gives("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// The generated migrations of a module live in their own project beside it,
    /// <c>src/Modules/{module}.Migrations</c>, one folder per provider: the module's own project holds only what people
    /// write.
    /// </summary>
    public static string MigrationsAssemblyOf(string module) => module + ".Migrations";

    /// <summary>
    /// For a module's design-time factory. The provider comes after <c>--</c> on the <c>dotnet ef</c> command line
    /// (<c>-- --provider Postgres</c>; SQLite when absent). No command used here opens a connection.
    /// </summary>
    public static DbContextOptions<TContext> ForDesignTime<TContext>(
        string module,
        string[] args) where TContext : DbContext
    {
        var index = Array.FindIndex(args, a => a.Equals("--provider", StringComparison.OrdinalIgnoreCase));
        var provider = DatabaseProviders.Parse(
            index >= 0 && index + 1 < args.Length ? args[index + 1] : nameof(DatabaseProvider.Sqlite));
        var connectionString = provider switch
        {
            DatabaseProvider.Postgres => "Host=localhost;Database=shop",
            DatabaseProvider.SqlServer =>
                "Server=localhost;Database=shop;Integrated Security=true;TrustServerCertificate=true",
            _ => "Data Source=design-time.db",
        };
        return (DbContextOptions<TContext>)new DbContextOptionsBuilder<TContext>()
            .UseModuleDatabase(provider, module, connectionString).Options;
    }
}
