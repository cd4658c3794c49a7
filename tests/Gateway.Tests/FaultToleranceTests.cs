using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using TestSupport;
using Xunit.Abstractions;

namespace Gateway.Tests;

public sealed class FaultToleranceTests(ITestOutputHelper output)
{
    private static Dictionary<string, string?> Settings(string policy, bool activeHealthChecks = true)
    {
        var settings = GatewayServer.ForEveryCluster("LoadBalancingPolicy", policy);
        foreach (var (key, value) in GatewayServer.ForEveryCluster(
            "HealthCheck:Active:Enabled",
            activeHealthChecks ? "true" : "false"))
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task Killing_a_backend_while_gets_stream_fails_no_request()
    {
        await using var rig = await Rig.StartAsync(3, Settings("RoundRobin"));
        using var client = rig.Gateway.CreatePublicClient();
        var victim = rig.Backends[2];
        var failures = new List<string>();
        var answered = 0;

        async Task Stream(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.GetAsync("/api/catalog/products", CancellationToken.None);
                Interlocked.Increment(ref answered);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    lock (failures)
                    {
                        failures.Add($"{(int)response.StatusCode} {body}");
                    }
                }
            }
        }

        using var stop = new CancellationTokenSource();
        var streams = Enumerable.Range(0, 4).Select(_ => Stream(stop.Token)).ToArray();
        await Eventually.Until(
            () => Task.FromResult(victim.Total),
            n => n >= 20,
            because: "traffic reaches every backend");
        await victim.StopAsync();
        var afterKill = Volatile.Read(ref answered);
        await Eventually.Until(
            () => Task.FromResult(Volatile.Read(ref answered)),
            n => n >= afterKill + 300,
            because: "requests keep streaming");
        await stop.CancelAsync();
        await Task.WhenAll(streams);

        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_post_with_an_idempotency_key_is_retried_on_another_instance_and_a_plain_post_is_not()
    {
        // Passive health only, so that the dead instance stays in rotation until requests find it dead.
        await using var rig = await Rig.StartAsync(2, Settings("RoundRobin", activeHealthChecks: false));
        using var client = rig.Gateway.CreatePublicClient(rig.Issuer.Token("buyer", "orders"));
        var dead = rig.Backends[1];
        var alive = rig.Backends[0];
        await dead.StopAsync();

        var plain = new List<HttpResponseMessage>();
        for (var i = 0; i < 2; i++)
        {
            plain.Add(await client.PostAsJsonAsync("/api/orders", new { attempt = i }));
        }

        var failed = Assert.Single(plain, r => r.StatusCode != HttpStatusCode.OK);
        await AssertProblem(failed, HttpStatusCode.BadGateway);
        Assert.Equal(1, alive.Count("/api/orders"));

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = JsonContent.Create(new { order = i }),
            };
            request.Headers.Add("Idempotency-Key", $"key-{i}");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var echo = await Rig.EchoOf(response);
            Assert.Equal(alive.Name, echo.Name);
            Assert.True(echo.BodyLength > 0, "the buffered body is sent again");
        }

        Assert.Equal(3, alive.Count("/api/orders"));
    }

    [Fact]
    public async Task With_no_healthy_instance_the_answer_is_a_503_problem()
    {
        await using var rig = await Rig.StartAsync(1, Settings("RoundRobin"));
        using var client = rig.Gateway.CreatePublicClient();
        await rig.Backends[0].StopAsync();

        var response = await Eventually.Until(
            () => client.GetAsync("/api/catalog/products"),
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
            because: "health checks take the dead instance out");

        await AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task A_destination_taken_out_on_failures_is_readmitted_within_3_s_of_answering_its_probe()
    {
        // The product's probe interval (5 s) and reactivation period (15 s): readmission must not wait for either.
        var settings = Settings("RoundRobin");
        foreach (var (key, value) in GatewayServer.ForEveryCluster("HealthCheck:Active:Interval", "00:00:05"))
        {
            settings[key] = value;
        }

        await using var rig = await Rig.StartAsync(2, settings);
        using var client = rig.Gateway.CreatePublicClient();
        var victim = rig.Backends[1];
        await victim.StopAsync();
        for (var i = 0; i < 6; i++)
        {
            using var failedOver = await client.GetAsync("/api/catalog/products");
            Assert.Equal(HttpStatusCode.OK, failedOver.StatusCode);
        }

        await using var restarted = await Backend.StartAsync(victim.Name, rig.Issuer, victim.Address.Port);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.Until(async () =>
            {
                using var response = await client.GetAsync("/api/catalog/products");
                return response.Headers.TryGetValues("X-Served-By", out var by) ? by.Single() : null;
            },
            by => by == restarted.DestinationId,
            TimeSpan.FromSeconds(30),
            "the restarted backend should get traffic again");

        output.WriteLine($"Readmitted {clock.ElapsedMilliseconds} ms after it was back");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"readmitted {clock.Elapsed} after it was back");
    }

    [Fact]
    public async Task The_last_destination_of_a_cluster_keeps_its_traffic_through_failures_and_answers_once_back()
    {
        // Passive health only: nothing but transport failures says the one backend is down.
        await using var rig = await Rig.StartAsync(1, Settings("RoundRobin", activeHealthChecks: false));
        using var client = rig.Gateway.CreatePublicClient();
        var victim = rig.Backends[0];
        await victim.StopAsync();

        for (var i = 0; i < 4; i++)
        {
            // Sent to the dead backend (a 502), not refused for want of a destination (a 503).
            using var failed = await client.GetAsync("/api/catalog/products");
            await AssertProblem(failed, HttpStatusCode.BadGateway);
        }

        await using var restarted = await Backend.StartAsync(victim.Name, rig.Issuer, victim.Address.Port);
        using var response = await client.GetAsync("/api/catalog/products");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, restarted.Count("/api/catalog/products"));
    }

    [Fact]
    public async Task A_backend_that_does_not_answer_in_time_gives_a_504_problem()
    {
        var settings = Settings("RoundRobin");
        settings["ReverseProxy:Clusters:catalog:HttpRequest:ActivityTimeout"] = "00:00:00.500";
        await using var rig = await Rig.StartAsync(1, settings);
        using var client = rig.Gateway.CreatePublicClient();

        using var response = await client.GetAsync("/api/catalog/products?delayMs=5000");

        await AssertProblem(response, HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_without_reaching_a_host()
    {
        await using var rig = await Rig.StartAsync(
            1,
            new Dictionary<string, string?> { ["Kestrel:Limits:MaxRequestBodySize"] = "1024" });
        using var client = rig.Gateway.CreatePublicClient();

        using var response = await client.PostAsync("/api/identity/register", new ByteArrayContent(new byte[4096]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, rig.Backends[0].Count("/api/identity/register"));
    }

    [Fact]
    public async Task A_method_the_gateway_cannot_forward_is_405_not_a_bad_gateway()
    {
        // CONNECT with a path: HttpClient refuses to create such a request, which YARP reported as 502 "the instance
        // failed". HttpClient cannot send it either, so the test speaks HTTP/1.1 over TLS itself.
        await using var rig = await Rig.StartAsync(1, Settings("RoundRobin"));
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", rig.Gateway.PublicAddress.Port);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = rig.Gateway.Certificate.CreateHandler().SslOptions
                .RemoteCertificateValidationCallback,
        });
        var token = rig.Issuer.Token("grace", "openid cart");
        await tls.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            $"CONNECT /api/cart HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n\r\n"));
        using var reader = new StreamReader(tls);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var headers = new List<string>();
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
        {
            headers.Add(line);
        }

        Assert.Equal("HTTP/1.1 405 Method Not Allowed", statusLine);
        Assert.Contains(headers, h => h.StartsWith("Allow:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(headers, h => h.Contains("application/problem+json", StringComparison.Ordinal));
        Assert.Equal(0, rig.Backends[0].Count("/api/cart"));
    }

    [Fact]
    public async Task Me_reports_an_unreachable_module_as_an_error_and_still_answers_the_other_parts()
    {
        // A split topology: the ordering cluster has destinations of its own (here a dead one), the others use
        // Gateway:Hosts.
        var settings = Settings("RoundRobin");
        settings["ReverseProxy:Clusters:ordering:Destinations:ordering-1:Address"]
            = $"http://127.0.0.1:{Ports.Free()}/";
        await using var rig = await Rig.StartAsync(1, settings);
        using var client = rig.Gateway.CreatePublicClient(rig.Issuer.Token("grace", "openid cart orders"));

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/connect/userinfo", me.RootElement.GetProperty("user").GetProperty("path").GetString());
        Assert.Equal("/api/cart", me.RootElement.GetProperty("cart").GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, me.RootElement.GetProperty("orders").ValueKind);
        var error = Assert.Single(me.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("orders", error.GetProperty("part").GetString());
        Assert.InRange(error.GetProperty("status").GetInt32(), 502, 504);
    }
}
