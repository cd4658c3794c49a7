using System.Diagnostics;
using System.Globalization;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// Fault injection for the failure tests: a <c>psql</c> session holding <c>LOCK TABLE ... IN SHARE MODE</c> on one
/// module's table. Reads go on, every write to the table waits, so a request or an event delivery that writes there
/// stays in flight, holding its idempotency record or outbox lease, until the test kills its process.
/// </summary>
internal sealed class TableLock : IAsyncDisposable
{
    private readonly Process _session;
    private readonly string _connection;
    private readonly string _table;
    private bool _released;

    private TableLock(Process session, string connection, string table)
    {
        _session = session;
        _connection = connection;
        _table = table;
    }

    public static async Task<TableLock> AcquireAsync(string connection, string table)
    {
        var session = Start(connection, "-q");
        session.StandardInput.AutoFlush = true;
        await session.StandardInput.WriteLineAsync($"BEGIN; LOCK TABLE {table} IN SHARE MODE;\n\\echo locked");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await session.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Trim() == "locked")
            {
                return new TableLock(session, connection, table);
            }
        }

        var error = await session.StandardError.ReadToEndAsync();
        throw new InvalidOperationException($"psql could not lock {table}: {error}");
    }

    /// <summary>Waits until a session (a Host's request or relay) waits for this lock.</summary>
    public Task WaitUntilSomeoneWaitsAsync(TimeSpan timeout) => Eventually.Until(
        async () =>
        {
            using var query = Start(_connection, "-A", "-t", "-c",
                $"SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = '{_table}'::regclass");
            var output = await query.StandardOutput.ReadToEndAsync();
            await query.WaitForExitAsync();
            return int.TryParse(output.Trim(), CultureInfo.InvariantCulture, out var waiting) ? waiting : 0;
        },
        waiting => waiting > 0,
        timeout,
        $"a write to {_table} should wait for the test's lock");

    public async Task ReleaseAsync()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        await _session.StandardInput.WriteLineAsync("ROLLBACK;\n\\q");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _session.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync();
        }
        finally
        {
            if (!_session.HasExited)
            {
                _session.Kill();
            }

            _session.Dispose();
        }
    }

    private static Process Start(string connection, params string[] arguments)
    {
        var info = new ProcessStartInfo("psql", ["-X", "-v", "ON_ERROR_STOP=1", "-d", connection, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(info) ?? throw new InvalidOperationException("psql did not start.");
    }
}
