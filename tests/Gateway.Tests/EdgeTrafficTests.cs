using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

public sealed class EdgeTrafficTests
{
    [Fact]
    public async Task Too_many_requests_from_one_user_or_address_get_429_with_retry_after_and_health_is_never_limited()
    {
        await using var rig = await Rig.StartAsync(1, new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitLimit"] = "3",
            ["Gateway:RateLimit:Window"] = "00:01:00",
        });
        using var anonymous = rig.Gateway.CreatePublicClient();
        using var user = rig.Gateway.CreatePublicClient(rig.Issuer.Token("frank", "cart"));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/catalog/products")).StatusCode);
        }

        using var refused = await anonymous.GetAsync("/api/catalog/products");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, rig.Backends[0].Count("/api/catalog/products"));

        // A signed-in user has a window of its own, apart from the address's.
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/cart")).StatusCode);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        }
    }

    [Fact]
    public async Task The_tls_handshake_succeeds_with_the_script_made_certificate_over_http2_with_hsts()
    {
        var folder = Directory.CreateTempSubdirectory("dev-cert-").FullName;
        using (var script = System.Diagnostics.Process
            .Start("bash", [Path.Combine(RepositoryRoot(), "scripts", "dev-cert.sh"), folder]))
        {
            await script.WaitForExitAsync();
            Assert.Equal(0, script.ExitCode);
        }

        var certificate = TestCertificate.FromFiles(
            Path.Combine(folder, "gateway.crt"),
            Path.Combine(folder, "gateway.key"));
        await using var rig = await Rig.StartAsync(1, certificate: certificate);
        using var client = rig.Gateway.CreatePublicClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/products")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Plain_http_on_the_public_port_reaches_no_host()
    {
        await using var rig = await Rig.StartAsync(1);
        using var plain = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{rig.Gateway.PublicPort}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };

        var refused = false;
        try
        {
            using var response = await plain.GetAsync("/api/catalog/products");
            refused = !response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            refused = true;
        }

        Assert.True(refused);
        Assert.Equal(0, rig.Backends[0].Count("/api/catalog/products"));
    }

    [Fact]
    public async Task Forwarded_headers_correlation_id_and_trace_context_reach_the_host()
    {
        await using var rig = await Rig.StartAsync(1);
        using var client = rig.Gateway.CreatePublicClient();
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/products");
        request.Headers.Add("X-Correlation-Id", "order-flow-42");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "http");

        using var response = await client.SendAsync(request);
        var echo = await Rig.EchoOf(response);

        Assert.Equal("order-flow-42", echo.Header("X-Correlation-Id"));
        Assert.Equal("order-flow-42", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        Assert.Equal("https", echo.Header("X-Forwarded-Proto"));
        Assert.Equal($"localhost:{rig.Gateway.PublicPort}", echo.Header("X-Forwarded-Host"));
        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        var traceparent = echo.Header("traceparent");
        Assert.NotNull(traceparent);
        Assert.Equal(traceId, traceparent!.Split('-')[1]);
        Assert.NotEqual("00f067aa0ba902b7", traceparent.Split('-')[2]);
    }

    [Fact]
    public async Task Unknown_paths_are_404_problems()
    {
        await using var rig = await Rig.StartAsync(1);
        using var client = rig.Gateway.CreatePublicClient();

        using var response = await client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Monolith.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new InvalidOperationException("Monolith.sln not found above the test folder.");
    }
}
