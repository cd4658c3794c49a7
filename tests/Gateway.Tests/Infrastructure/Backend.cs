using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A tiny stand-in for a Host on a loopback port: answers every path with its own name and what it received,
/// counts requests per path, serves <c>/health/ready</c>, and (given a <see cref="TestIssuer"/>) the discovery
/// document and JWKS. <c>/slow</c> waits until <see cref="ReleaseSlow"/>; <c>?delayMs=</c> delays an answer.
/// </summary>
public sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);
    private TaskCompletionSource _slowGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;

    private Backend(string name, TestIssuer? issuer, int port)
    {
        Name = name;
        var builder = WebApplication.CreateSlimBuilder();
        // The test folder holds the Gateway's and the Host's appsettings.json: a backend reads none of them.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapGet("/health/ready", () => Results.Text("Healthy"));
        if (issuer is not null)
        {
            _app.MapGet(
                "/.well-known/openid-configuration",
                () => Results.Text(issuer.Discovery(), "application/json"));
            _app.MapGet("/.well-known/jwks", () => Results.Text(issuer.Jwks(), "application/json"));
        }

        _app.Map("/{**path}", async (HttpContext http) =>
        {
            var path = http.Request.Path.Value ?? "/";
            _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _total);
            if (path.EndsWith("/slow", StringComparison.Ordinal))
            {
                await _slowGate.Task.WaitAsync(http.RequestAborted);
            }

            if (int.TryParse(http.Request.Query["delayMs"], out var delay))
            {
                await Task.Delay(delay, http.RequestAborted);
            }

            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            return Results.Json(new Echo(
                Name, http.Request.Method, path, body.Length,
                http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
        });
    }

    private int _total;

    public string Name { get; }
    public Uri Address { get; private set; } = null!;

    /// <summary>The id the gateway gives this destination when it comes from <c>Gateway:Hosts</c>: its
    /// authority.</summary>
    public string DestinationId => Address.Authority;

    public int Total => Volatile.Read(ref _total);

    public int Count(string path) => _counts.GetValueOrDefault(path);

    /// <summary>
    /// Starts a backend on a free port, or on <paramref name="port"/> (a stopped backend's: its restart).
    /// </summary>
    public static async Task<Backend> StartAsync(string name, TestIssuer? issuer = null, int port = 0)
    {
        var backend = new Backend(name, issuer, port);
        await backend._app.StartAsync();
        var address = backend._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses
            .First();
        backend.Address = new Uri(address.TrimEnd('/') + "/");
        return backend;
    }

    public void ReleaseSlow()
    {
        _slowGate.TrySetResult();
        _slowGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Stops listening: new connections are refused, as when the process dies.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _slowGate.TrySetResult();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What a <see cref="Backend"/> answers: who it is and what reached it.</summary>
public sealed record Echo(string Name, string Method, string Path, long BodyLength, Dictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}
