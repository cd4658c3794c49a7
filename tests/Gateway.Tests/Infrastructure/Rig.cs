using System.Net.Http.Json;

namespace Gateway.Tests.Infrastructure;

/// <summary>A gateway in front of N <see cref="Backend"/>s, with a <see cref="TestIssuer"/> whose keys the backends
/// publish.</summary>
public sealed class Rig : IAsyncDisposable
{
    private Rig(GatewayServer gateway, IReadOnlyList<Backend> backends, TestIssuer issuer)
    {
        Gateway = gateway;
        Backends = backends;
        Issuer = issuer;
    }

    public GatewayServer Gateway { get; }
    public IReadOnlyList<Backend> Backends { get; }
    public TestIssuer Issuer { get; }

    public static async Task<Rig> StartAsync(
        int backends,
        IDictionary<string, string?>? settings = null,
        TestCertificate? certificate = null,
        string environment = "Development")
    {
        var publicPort = Ports.Free();
        var issuer = new TestIssuer($"https://localhost:{publicPort}/");
        var started = new List<Backend>();
        for (var i = 0; i < backends; i++)
        {
            started.Add(await Backend.StartAsync($"backend-{i}", issuer));
        }

        var gateway = new GatewayServer(
            started.Select(b => b.Address),
            settings,
            certificate,
            publicPort,
            environment: environment);
        return new Rig(gateway, started, issuer);
    }

    public Backend ByName(string name) => Backends.Single(b => b.Name == name);

    public static async Task<Echo> EchoOf(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<Echo>()
            ?? throw new InvalidOperationException("No echo in the answer.");

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var backend in Backends)
        {
            await backend.DisposeAsync();
        }
    }
}
