
namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// The monolith as a user runs it: the built <c>Host.dll</c> in Development on its own SQLite folder, here on a free
/// loopback port (so a <c>dotnet run</c> on 5080 does not get in the way).
/// </summary>
internal sealed class MonolithProcess : IAsyncDisposable
{
    private readonly ChildProcess _host;
    private readonly string _data;

    private MonolithProcess(ChildProcess host, string data, Uri address)
    {
        _host = host;
        _data = data;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<MonolithProcess> StartAsync()
    {
        var dll = Repository.Binary("Host");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"{dll} is missing: build the solution in {Repository.Configuration} first.");
        }

        var data = Path.Combine(Path.GetTempPath(), "shop-e2e", "monolith-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var address = new Uri($"http://127.0.0.1:{Ports.Free()}/");
        var host = ChildProcess.Start("dotnet",
            [
                dll, "--urls", address.ToString().TrimEnd('/'),
                $"--Database:DataDirectory={data}", $"--Auth:Issuer={address}",
                .. Settings.ForTests.Select(s => $"--{s.Key}={s.Value}"),
            ],
            Repository.Path("src", "Host"),
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
            Path.Combine(data, "host.log"));
        var monolith = new MonolithProcess(host, data, address);
        try
        {
            await Ready.WaitAsync(
                new Uri(address, "health/ready"),
                TimeSpan.FromSeconds(120),
                () => host.TailIfExited());
            return monolith;
        }
        catch
        {
            await monolith.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(20));
        _host.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
