// Raw write transactions per second: `WriteLimit sqlite <file> <seconds> [writers]` or
// `WriteLimit postgres <connection string> <seconds> [writers]`. Each transaction inserts one row of about the size of
// an order (a uuid, a status, a 200-byte JSON document, a time) and commits. SQLite runs with the product's pragmas
// (src/BuildingBlocks/Persistence/SqlitePragmas.cs: WAL, synchronous=NORMAL, busy_timeout) and, by default, one writer,
// as SQLite serialises writers anyway. Prints one JSON line for bench/run.sh.
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: WriteLimit sqlite|postgres <file or connection string> <seconds> [writers]");
    return 2;
}

var kind = args[0];
var target = args[1];
var seconds = double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var writers = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1;
var document = "{\"items\":[" + string.Join(',', Enumerable.Range(0, 3).Select(i =>
    $"{{\"productId\":\"{Guid.CreateVersion7()}\",\"quantity\":{i + 1}}}")) + "]}";

Func<DbConnection> open = kind switch
{
    "sqlite" => () =>
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = target, Pooling = true, DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; " +
            "PRAGMA foreign_keys=ON;");
        return connection;
    },
    "postgres" => () =>
    {
        var connection = new NpgsqlConnection(target);
        connection.Open();
        return connection;
    },
    _ => throw new ArgumentException($"unknown kind {kind}"),
};

using (var setup = open())
{
    Execute(setup, "DROP TABLE IF EXISTS write_limit");
    Execute(setup, kind == "sqlite"
        ? "CREATE TABLE write_limit (id TEXT PRIMARY KEY, status TEXT NOT NULL, body TEXT NOT NULL, at TEXT NOT NULL)"
        : "CREATE TABLE write_limit (id uuid PRIMARY KEY, status text NOT NULL, body text NOT NULL, " +
          "at timestamptz NOT NULL)");
}

var latencies = new List<double>[writers];
var clock = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(seconds);
var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
{
    var mine = latencies[w] = new List<double>(100_000);
    using var connection = open();
    using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO write_limit (id, status, body, at) VALUES (@id, 'Pending', @body, @at)";
    var id = insert.CreateParameter(); id.ParameterName = "@id"; insert.Parameters.Add(id);
    var body = insert.CreateParameter(); body.ParameterName = "@body"; body.Value = document;
    insert.Parameters.Add(body);
    var at = insert.CreateParameter(); at.ParameterName = "@at"; insert.Parameters.Add(at);
    while (clock.Elapsed < deadline)
    {
        var started = Stopwatch.GetTimestamp();
        using var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        id.Value = kind == "sqlite" ? Guid.CreateVersion7().ToString() : Guid.CreateVersion7();
        at.Value = DateTime.UtcNow;
        insert.ExecuteNonQuery();
        transaction.Commit();
        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
})).ToArray();
Task.WaitAll(tasks);
var elapsed = clock.Elapsed.TotalSeconds;
var all = latencies.SelectMany(l => l).Order().ToArray();
double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(p / 100 * all.Length))];
Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
{
    kind,
    writers,
    transactions = all.Length,
    seconds = Math.Round(elapsed, 3),
    tps = Math.Round(all.Length / elapsed, 1),
    p50_ms = Math.Round(Percentile(50), 3),
    p99_ms = Math.Round(Percentile(99), 3),
}));
return 0;

static void Execute(DbConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
