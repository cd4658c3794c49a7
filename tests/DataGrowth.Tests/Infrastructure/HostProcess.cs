using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DataGrowth.Tests.Infrastructure;

/// <summary>The built Host.dll as an operator runs it: a server on a port, or one of its commands.</summary>
internal sealed class HostProcess : IAsyncDisposable, IShopEndpoint
{
    private readonly ChildProcess _process;
    private readonly X509Certificate2? _trusted;

    private HostProcess(ChildProcess process, Uri address, X509Certificate2? trusted)
    {
        _process = process;
        BaseAddress = address;
        _trusted = trusted;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts the Host in Development on <paramref name="port"/> with its own address as the issuer unless the
    /// settings name one. With <paramref name="publicAddress"/> (an HTTPS address on this machine, the issuer), it also
    /// serves there with the development certificate, as a shop behind its public name does, and clients use it:
    /// the sign-in cookies are <c>Secure</c> under an HTTPS issuer.</summary>
    public static async Task<HostProcess> StartAsync(
        IReadOnlyDictionary<string, string> settings,
        int port,
        string logFolder,
        Uri? publicAddress = null)
    {
        var address = new Uri($"http://127.0.0.1:{port}/");
        var urls = address.ToString().TrimEnd('/');
        X509Certificate2? trusted = null;
        var tls = new Dictionary<string, string>();
        if (publicAddress is not null)
        {
            trusted = await DevelopmentCertificateAsync();
            urls = $"{publicAddress.ToString().TrimEnd('/')};{urls}";
            tls["Kestrel:Certificates:Default:Path"] = ScriptedTopology.Certificate;
            tls["Kestrel:Certificates:Default:KeyPath"] = Repository.Path("certs", "gateway.key");
        }

        var all = new Dictionary<string, string>(Settings.ForTests) {
            ["Auth:Issuer"] = address.ToString(),
            ["Messaging:PollInterval"] = "00:00:00.200" };
        foreach (var (key, value) in settings.Concat(tls))
        {
            all[key] = value;
        }

        Directory.CreateDirectory(logFolder);
        var process = ChildProcess.Start("dotnet",
            [Repository.Binary("Host"), "--urls", urls, .. all.Select(
                s => $"--{s.Key}={s.Value}")],
            Repository.Path("src", "Host"), Development, Path.Combine(logFolder, $"host-{Guid.NewGuid():N}.log"));
        var host = new HostProcess(process, publicAddress ?? address, trusted);
        try
        {
            await Ready.WaitAsync(
                new Uri(address, "health/ready"),
                TimeSpan.FromSeconds(120),
                () => process.TailIfExited());
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>Host.dll &lt;command&gt; ...</c> to its end: its exit code and everything it printed.</summary>
    public static async Task<CommandResult> RunAsync(
        IReadOnlyDictionary<string, string> settings,
        params string[] command)
    {
        var info = new ProcessStartInfo("dotnet", Arguments(settings, command))
        {
            WorkingDirectory = Repository.Path("src", "Host"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in Development)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var error = process.StandardError.ReadToEndAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            output.AppendLine(line);
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        return new CommandResult(process.ExitCode, output.ToString(), await error);
    }

    /// <summary>Starts a command and hands back the process, for a test that kills it part-way.</summary>
    public static Process Begin(IReadOnlyDictionary<string, string> settings, params string[] command)
    {
        var info = new ProcessStartInfo("dotnet", Arguments(settings, command))
        {
            WorkingDirectory = Repository.Path("src", "Host"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in Development)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>
    /// The verb first, then the configuration, then the command's own options: the Host reads its configuration from
    /// the whole command line, where a flag such as --force would take the next --Key=value as its value.
    /// </summary>
    private static string[] Arguments(IReadOnlyDictionary<string, string> settings, string[] command) =>
        [Repository.Binary("Host"), command[0], .. WithKeyEncryptionKey(settings).Select(s => $"--{s.Key}={s.Value}"),
            .. command[1..]];

    /// <summary>The run's key-encryption key, unless the test names one: commands open the keys the servers
    /// stored.</summary>
    private static Dictionary<string, string> WithKeyEncryptionKey(IReadOnlyDictionary<string, string> settings)
    {
        var all = new Dictionary<string, string>(settings);
        var key = TestSupport.TestKeyEncryptionKey.Setting;
        all.TryAdd(key, Settings.ForTests[key]);
        return all;
    }

    public HttpClient CreateHttpClient(bool handleCookies = false) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = handleCookies }.Trusting(_trusted)) {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30) };

    // One for the test run: clients made by a Host outlive it (a customer's client is used on every later topology).
    private static X509Certificate2? _developmentCertificate;

    /// <summary>The development certificate the gateway uses (scripts/dev-cert.sh), made if missing.</summary>
    private static async Task<X509Certificate2> DevelopmentCertificateAsync()
    {
        if (_developmentCertificate is not null)
        {
            return _developmentCertificate;
        }

        if (!File.Exists(ScriptedTopology.Certificate) || !File.Exists(Repository.Path("certs", "gateway.key")))
        {
            using var make = Process.Start(new ProcessStartInfo("bash", [Repository.Path("scripts", "dev-cert.sh")])
            {
                RedirectStandardOutput = true,
            })!;
            await make.WaitForExitAsync();
        }

        return _developmentCertificate = DevelopmentCertificate.Load(ScriptedTopology.Certificate);
    }

    /// <summary>SIGKILL, as a crash or an out-of-memory kill does.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
    }

    private static readonly Dictionary<string, string> Development = new() {
        ["ASPNETCORE_ENVIRONMENT"] = "Development" };
}

internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
