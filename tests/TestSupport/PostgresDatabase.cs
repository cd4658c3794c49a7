using Npgsql;

namespace TestSupport;

/// <summary>
/// A fresh PostgreSQL database for one Host under test, dropped on dispose. Used when
/// <c>SHOP_TEST_DATABASE=postgres</c>, on the server that <c>SHOP_TEST_POSTGRES</c> connects to
/// (<c>scripts/ci-postgres.sh start</c> prints such a connection string); otherwise tests run on SQLite files.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    private readonly string _server;

    private PostgresDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static bool Requested =>
        string.Equals(
            Environment.GetEnvironmentVariable("SHOP_TEST_DATABASE"),
            "postgres",
            StringComparison.OrdinalIgnoreCase);

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>The Host settings that put every module in this database, a schema each.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Shop"] = ConnectionString,
    };

    public static PostgresDatabase Create()
    {
        var server = Environment.GetEnvironmentVariable("SHOP_TEST_POSTGRES")
            ?? throw new InvalidOperationException(
                "SHOP_TEST_DATABASE=postgres needs SHOP_TEST_POSTGRES, a connection string to the test server.");
        var database = new PostgresDatabase(server, $"shop_{Guid.NewGuid():N}");
        database.Execute($"CREATE DATABASE \"{database.Name}\"");
        return database;
    }

    /// <summary>
    /// Drops the database even while the Host's pooled connections are still open. A connection that opens while the
    /// drop ends the others makes it fail with 55006 (object in use): tried again, a few times. Any other failure
    /// names the database and PostgreSQL's code (a class cleanup failure once said only "PostgresException").
    /// </summary>
    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 10)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(50 * attempt));
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException(
                    $"Dropping the test database {Name} failed: {e.SqlState} {e.MessageText}", e);
            }
        }
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
