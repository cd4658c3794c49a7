using System.Text.Json;
using Microsoft.Playwright;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Storefront.Tests;

/// <summary>
/// The shop and a browser. <c>SHOP_STOREFRONT_TOPOLOGY</c> = <c>monolith</c> (default: the built Host.dll on a free
/// port, storefront included) or <c>split</c> (<c>scripts/topology.sh split</c>: one process per module and the
/// storefront's own, behind the gateway at https://localhost:5443). The access tokens live 20 seconds here, so that
/// a test can outlive one (the storefront refreshes them 5 seconds before they expire).
/// </summary>
public sealed class ShopUnderTest : IAsyncLifetime
{
    public const string TopologyVariable = "SHOP_STOREFRONT_TOPOLOGY";
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "Admin#2026dev";
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(20);

    private ChildProcess? _host;
    private string? _data;
    private IPlaywright? _playwright;

    public static bool Split { get; } = string.Equals(
        Environment.GetEnvironmentVariable(TopologyVariable), "split", StringComparison.OrdinalIgnoreCase);

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    internal ScriptedTopology? Topology { get; private set; }

    public async Task InitializeAsync()
    {
        if (Split)
        {
            Topology = await ScriptedTopology.StartAsync("split", new Dictionary<string, string>
            {
                ["Identity__AccessTokenLifetime"] = "00:00:20",
                ["Auth__ClockSkew"] = "00:00:01",
                ["Storefront__RefreshBefore"] = "00:00:05",
            });
            BaseAddress = Topology.Address;
        }
        else
        {
            await StartMonolithAsync();
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SHOP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.StopAsync(TimeSpan.FromSeconds(20));
            _host.Dispose();
        }

        if (Topology is not null)
        {
            await Topology.DisposeAsync();
        }

        if (_data is not null)
        {
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

    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            IgnoreHTTPSErrors = Split,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        if (!javaScript)
        {
            Browsing.MarkScriptless(context);
        }

        return await context.NewPageAsync();
    }

    /// <summary>An HTTP client of the shop's API, for setting up data the way any client would.</summary>
    public HttpClient Api() => new(new SocketsHttpHandler().Trusting(
        Split ? DevelopmentCertificate.Load(ScriptedTopology.Certificate) : null))
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private async Task StartMonolithAsync()
    {
        var dll = Repository.Binary("Host");
        _data = Path.Combine(Path.GetTempPath(), "shop-storefront", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_data);
        BaseAddress = new Uri($"http://127.0.0.1:{Ports.Free()}/");
        var client = StorefrontClientIndex();
        _host = ChildProcess.Start("dotnet",
            [
                dll, "--urls", BaseAddress.ToString().TrimEnd('/'),
                $"--Database:DataDirectory={_data}", $"--Auth:Issuer={BaseAddress}",
                $"--Identity:Clients:{client}:RedirectUris:9={BaseAddress}signin-oidc",
                $"--Identity:Clients:{client}:PostLogoutRedirectUris:9={BaseAddress}signout-callback-oidc",
                "--Identity:AccessTokenLifetime=00:00:20", "--Auth:ClockSkew=00:00:01",
                "--Storefront:RefreshBefore=00:00:05",
                .. Settings.ForTests.Select(s => $"--{s.Key}={s.Value}"),
            ],
            Repository.Path("src", "Host"),
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
            Path.Combine(_data, "host.log"));
        await Ready.WaitAsync(new Uri(BaseAddress, "health/ready"), TimeSpan.FromSeconds(120),
            () => _host.TailIfExited());
    }

    /// <summary>Where <c>storefront-web</c> sits in Development's client list, to add this run's address to its
    /// redirect URIs.</summary>
    private static int StorefrontClientIndex()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Repository.Path("src", "Host",
            "appsettings.Development.json")));
        var clients = settings.RootElement.GetProperty("Identity").GetProperty("Clients").EnumerateArray().ToList();
        return clients.FindIndex(c => c.GetProperty("ClientId").GetString() == "storefront-web");
    }
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopUnderTest>
{
    public const string Name = "shop";
}
