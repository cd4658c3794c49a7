using System.Security.Cryptography.X509Certificates;
using EndToEnd.Tests.Infrastructure;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace EndToEnd.Tests;

public enum Topology
{
    Monolith,
    Scaled,
    Split,
}

/// <summary>
/// The shop under test, reached over HTTP(S) only, the same way whatever its topology.
/// <list type="bullet">
/// <item><c>SHOP_E2E_TOPOLOGY</c> = <c>monolith</c> (default), <c>scaled</c> or <c>split</c>: the fixture starts it
/// (the monolith's Host.dll on a free port; scaled and split through <c>scripts/topology.sh</c>) and stops it at the
/// end.</item>
/// <item><c>SHOP_E2E_URL</c>: a deployment already running there instead (nothing is started, and the failure tests,
/// which kill processes, skip). <c>SHOP_E2E_CA</c>: a PEM certificate to trust for it.</item>
/// </list>
/// </summary>
public sealed class Deployment : IAsyncLifetime, IShopEndpoint
{
    public const string TopologyVariable = "SHOP_E2E_TOPOLOGY";
    public const string UrlVariable = "SHOP_E2E_URL";
    public const string CaVariable = "SHOP_E2E_CA";

    private MonolithProcess? _monolith;
    private ScriptedTopology? _topology;
    private X509Certificate2? _trusted;

    public static Topology Topology { get; }
        = Enum.Parse<Topology>(Variable(TopologyVariable) ?? nameof(Topology.Monolith), ignoreCase: true);

    /// <summary>Whether this run starts the topology itself (and may therefore kill its processes).</summary>
    public static bool Launched => Variable(UrlVariable) is null;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The processes of a scaled or split topology this fixture started.</summary>
    internal ScriptedTopology Processes => _topology
        ?? throw new InvalidOperationException($"No process control: {Topology} was not started by this run.");

    public async Task InitializeAsync()
    {
        if (Variable(UrlVariable) is { } url)
        {
            BaseAddress = new Uri(url.TrimEnd('/') + "/");
            _trusted = Variable(CaVariable) is { } ca ? DevelopmentCertificate.Load(ca) : null;
            return;
        }

        if (Topology == Topology.Monolith)
        {
            _monolith = await MonolithProcess.StartAsync();
            BaseAddress = _monolith.Address;
            return;
        }

        _topology = await ScriptedTopology.StartAsync(Topology.ToString().ToLowerInvariant());
        BaseAddress = _topology.Address;
        _trusted = DevelopmentCertificate.Load(ScriptedTopology.Certificate);
    }

    public async Task DisposeAsync()
    {
        if (_monolith is not null)
        {
            await _monolith.DisposeAsync();
        }

        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }

        _trusted?.Dispose();
    }

    public HttpClient CreateHttpClient(bool handleCookies = false) =>
        new(ContractCheck.Around(
            new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = handleCookies }.Trusting(_trusted)))
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static string? Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<Deployment>
{
    public const string Name = "deployment";
}

/// <summary>A test that kills processes of one topology: it runs only when this run started that topology.</summary>
public sealed class FailureFactAttribute : FactAttribute
{
    public FailureFactAttribute(Topology topology)
    {
        if (Deployment.Topology != topology || !Deployment.Launched)
        {
            Skip = $"Kills processes of the {topology} topology: "
                + $"runs with {Deployment.TopologyVariable}={topology.ToString().ToLowerInvariant()} " +
                $"and no {Deployment.UrlVariable} (as .ci/run does).";
        }
    }
}
