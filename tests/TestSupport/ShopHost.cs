using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ShopClient;

namespace TestSupport;

/// <summary>
/// The real Host on Kestrel, on a loopback port, with its own SQLite folder. Tests talk to it over
/// real HTTP. Disposing stops it; a new instance on the same folder and port is a restart.
/// </summary>
public sealed class ShopHost : WebApplicationFactory<Program>, IShopEndpoint
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IWebHostBuilder>? _configure;
    private readonly string _environment;

    public ShopHost(string? dataDirectory = null, int? port = null, IDictionary<string, string?>? settings = null,
        Action<IWebHostBuilder>? configure = null, string environment = "Development")
    {
        _configure = configure;
        _environment = environment;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "shop-tests", Guid.NewGuid().ToString("N"));
        Port = port ?? Ports.Free();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        _settings = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = DataDirectory,
            ["Database:MigrateOnStartup"] = "true",
            ["Database:Seed"] = "true",
            ["Auth:Issuer"] = BaseAddress.ToString(),
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Messaging:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(Port);
        StartServer();
    }

    public string DataDirectory { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }

    /// <summary>A client that does not follow redirects and keeps no cookies: every test sees the raw
    /// answers.</summary>
    public HttpClient CreateHttpClient(bool handleCookies = false) =>
        new(ContractCheck.Around(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = handleCookies }))
        {
            BaseAddress = BaseAddress,
        };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        _configure?.Invoke(builder);
    }
}
