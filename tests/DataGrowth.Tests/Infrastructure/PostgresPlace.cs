using Npgsql;

namespace DataGrowth.Tests.Infrastructure;

/// <summary>
/// A fresh database on the PostgreSQL server that <c>SHOP_TEST_POSTGRES</c> connects to (.ci/run starts one with
/// scripts/ci-postgres.sh), dropped at the end.
/// </summary>
internal sealed class PostgresPlace : IDisposable
{
    public const string Variable = "SHOP_TEST_POSTGRES";
    private readonly string _server;

    public PostgresPlace()
    {
        _server = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException($"{Variable} is not set.");
        Name = $"growth_{Guid.NewGuid():N}";
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;
        Execute($"CREATE DATABASE \"{Name}\"");
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>The Host's settings for every module in this database, a schema each.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Shop"] = ConnectionString,
    };

    /// <remarks>
    /// <c>WITH (FORCE)</c> ends the sessions the test's Hosts left (a killed Host's included). PostgreSQL before 16
    /// refuses it (42501) while an autovacuum worker is in the database, a process whose role the test's user may not
    /// signal; a plain <c>DROP DATABASE</c> stops such a worker itself, but refuses while a session is left (55006).
    /// Both are tried in turn until one drops the database, or the deadline passes.
    /// </remarks>
    public void Dispose()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException forced) when (forced.SqlState == PostgresErrorCodes.InsufficientPrivilege
                && DateTime.UtcNow < deadline)
            {
                try
                {
                    Execute($"DROP DATABASE IF EXISTS \"{Name}\"");
                    return;
                }
                catch (PostgresException plain) when (plain.SqlState == PostgresErrorCodes.ObjectInUse
                    && DateTime.UtcNow < deadline)
                {
                    // A session and an autovacuum worker both: wait for the worker to finish, then force again.
                    Thread.Sleep(TimeSpan.FromMilliseconds(200));
                }
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

/// <summary>A test that needs PostgreSQL: skipped unless <c>SHOP_TEST_POSTGRES</c> names a server (.ci/run sets
/// it).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresPlace.Variable)))
        {
            Skip = $"Needs PostgreSQL: set {PostgresPlace.Variable} to a connection string (as .ci/run does).";
        }
    }
}
