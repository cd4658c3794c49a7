using System.Diagnostics;
using System.Globalization;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// The scaled or split topology started with <c>scripts/topology.sh</c>, exactly as a user starts it, on the binaries
/// this assembly was built with. The script restarts a process that dies, as an orchestrator would; the failure tests
/// kill processes through the pid files it keeps and take the broker away with <c>scripts/ci-rabbitmq.sh</c>.
/// </summary>
internal sealed class ScriptedTopology : IAsyncDisposable
{
    private readonly ChildProcess _script;
    private readonly string _work;
    private readonly Dictionary<string, string> _environment;

    private ScriptedTopology(ChildProcess script, string work, Dictionary<string, string> environment)
    {
        _script = script;
        _work = work;
        _environment = environment;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>The development certificate the gateway serves (made by the script when missing).</summary>
    public static string Certificate => Repository.Path("certs", "gateway.crt");

    /// <param name="more">More for the script, e.g. SHOP_DATABASE (an existing database to run on).</param>
    public static async Task<ScriptedTopology> StartAsync(
        string topology,
        IReadOnlyDictionary<string, string>? more = null)
    {
        var work = Path.Combine(Path.GetTempPath(), "shop-e2e", $"{topology}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var environment = new Dictionary<string, string>(Settings.AsEnvironment())
        {
            ["SHOP_TOPOLOGY_DIR"] = work,
            ["SHOP_TOPOLOGY_CONFIG"] = Repository.Configuration,
            ["SHOP_TOPOLOGY_BUILD"] = "false",
            ["SHOP_PG_DIR"] = Path.Combine(work, "postgres"),
            ["SHOP_RMQ_DIR"] = Path.Combine(work, "rabbitmq"),
            ["SHOP_PG_PORT"] = Variable("SHOP_PG_PORT", "25442"),
            ["SHOP_RMQ_PORT"] = Variable("SHOP_RMQ_PORT", "26682"),
            ["SHOP_RMQ_DIST_PORT"] = Variable("SHOP_RMQ_DIST_PORT", "26683"),
            ["SHOP_RMQ_EPMD_PORT"] = Variable("SHOP_RMQ_EPMD_PORT", "26684"),
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var script = ChildProcess.Start(
            "bash",
            [Repository.Path("scripts", "topology.sh"), topology],
            Repository.Root,
            environment,
            Path.Combine(work, "topology.out"));
        var started = new ScriptedTopology(script, work, environment);
        try
        {
            var ready = Path.Combine(work, "ready");
            await Eventually.Until(
                () => script.HasExited
                    ? throw new InvalidOperationException(
                        $"scripts/topology.sh {topology} exited. Its last output:\n{script.Tail}")
                    : Task.FromResult(File.Exists(ready)),
                exists => exists,
                TimeSpan.FromMinutes(5),
                $"scripts/topology.sh {topology} should report every process ready ({ready})");
            started.Address = new Uri((await File.ReadAllTextAsync(ready)).Trim() + "/");
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>The current pid of one of the script's processes (host-1, host-2, identity, catalog, cart, ordering,
    /// gateway).</summary>
    public int Pid(string process) =>
        int.Parse(File.ReadAllText(Path.Combine(_work, process + ".pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>
    /// The topology's PostgreSQL as a libpq URI (for <c>psql</c>: fault injection with <see cref="TableLock"/>).
    /// </summary>
    public string Postgres => $"postgresql://shop:shop@127.0.0.1:{_environment["SHOP_PG_PORT"]}/shop";

    /// <summary>A Host's own address (not through the gateway).</summary>
    public Uri HostAddress(string process) => new(File.ReadAllText(Path.Combine(_work, process + ".url")).Trim() + "/");

    /// <summary>SIGKILL: no shutdown, no flushing, like a crash. Returns the pid that was killed.</summary>
    public int Kill(string process)
    {
        var pid = Pid(process);
        using var victim = Process.GetProcessById(pid);
        victim.Kill();
        victim.WaitForExit();
        return pid;
    }

    /// <summary>Waits until the script has started the process again and it answers <c>/health/ready</c> on its own
    /// address.</summary>
    public async Task WaitUntilRestartedAsync(string process, int killedPid, TimeSpan timeout)
    {
        await Eventually.Until(
            () => Task.FromResult(Pid(process)),
            pid => pid != killedPid,
            timeout,
            $"{process} should be restarted");
        await Ready.WaitAsync(new Uri(HostAddress(process), "health/ready"), timeout,
            () => _script.TailIfExited());
    }

    /// <summary><c>pause</c> stops the broker application (every connection drops, the port closes); <c>resume</c>
    /// starts it with its queues and messages.</summary>
    public async Task BrokerAsync(string command)
    {
        using var control = ChildProcess.Start(
            "bash",
            [Repository.Path("scripts", "ci-rabbitmq.sh"), command],
            Repository.Root,
            _environment,
            Path.Combine(_work, $"broker-{command}.out"));
        await control.WaitForExitAsync(TimeSpan.FromSeconds(90));
        control.EnsureSucceeded($"scripts/ci-rabbitmq.sh {command}");
    }

    public async ValueTask DisposeAsync()
    {
        // The script's TERM trap stops the processes, then RabbitMQ and PostgreSQL (deleting their data).
        await _script.StopAsync(TimeSpan.FromSeconds(90));
        _script.Dispose();
    }

    private static string Variable(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
