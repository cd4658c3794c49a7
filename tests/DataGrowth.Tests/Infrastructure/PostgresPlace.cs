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

    public void Dispose() => Execute($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");

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
