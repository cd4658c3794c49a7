using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// The real Gateway on Kestrel in this process: its HTTPS listener and its internal listener on free loopback
/// ports, the certificate loaded from PEM files through Kestrel configuration, the product's appsettings.json
/// underneath and the test's settings on top.
/// </summary>
public sealed class GatewayServer : WebApplicationFactory<GatewayMarker>
{
    public static readonly string[] Clusters = ["identity", "catalog", "cart", "ordering"];

    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    public GatewayServer(
        IEnumerable<Uri> hosts,
        IDictionary<string, string?>? settings = null,
        TestCertificate? certificate = null,
        int? publicPort = null,
        Uri? authority = null,
        string environment = "Development")
    {
        _environment = environment;
        Certificate = certificate ?? TestCertificate.Default;
        PublicPort = publicPort ?? Ports.Free();
        InternalPort = Ports.Free();
        PublicAddress = new Uri($"https://localhost:{PublicPort}/");
        InternalAddress = new Uri($"http://127.0.0.1:{InternalPort}/");
        var hostList = hosts.ToList();
        _settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = $"https://127.0.0.1:{PublicPort}",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = Certificate.CertificatePath,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = Certificate.KeyPath,
            ["Kestrel:Endpoints:Internal:Url"] = InternalAddress.ToString().TrimEnd('/'),
            ["Auth:Issuer"] = PublicAddress.ToString(),
            ["Auth:Authority"] = (authority ?? hostList.FirstOrDefault())?.ToString(),
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Gateway:RateLimit:PermitLimit"] = "100000",
        };
        for (var i = 0; i < hostList.Count; i++)
        {
            _settings[$"Gateway:Hosts:{i}"] = hostList[i].ToString();
        }

        foreach (var cluster in Clusters)
        {
            // Fast probes so that tests see health changes within a second or two.
            _settings[$"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Interval"] = "00:00:01";
            _settings[$"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Timeout"] = "00:00:01";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel();
        StartServer();
    }

    public TestCertificate Certificate { get; }
    public int PublicPort { get; }
    public int InternalPort { get; }
    public Uri PublicAddress { get; }
    public Uri InternalAddress { get; }

    /// <summary>Settings that apply one value to a key of every cluster, e.g. the load-balancing policy.</summary>
    public static Dictionary<string, string?> ForEveryCluster(string key, string? value) =>
        Clusters.ToDictionary(c => $"ReverseProxy:Clusters:{c}:{key}", _ => value);

    public HttpClient CreatePublicClient(string? accessToken = null, bool handleCookies = false)
    {
        var handler = Certificate.CreateHandler();
        handler.UseCookies = handleCookies;
        var client = new HttpClient(handler) { BaseAddress = PublicAddress };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    public HttpClient CreateInternalClient(string? accessToken = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) {
            BaseAddress = InternalAddress };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
