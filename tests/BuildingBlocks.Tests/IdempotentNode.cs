using BuildingBlocks.Idempotency;
using BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Tests;

/// <summary>
/// One process instance of a module with an idempotent endpoint, on Kestrel: <c>POST /shipments</c> with an
/// <c>Idempotency-Key</c> waits until <see cref="Release"/> before it answers 201. Two nodes on one data folder are
/// two instances sharing the module's database.
/// </summary>
internal sealed class IdempotentNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    private IdempotentNode(string dataDirectory, IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>(settings) { ["Database:DataDirectory"] = dataDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddModuleDbContext<ShippingDbContext>("Shipping", builder.Configuration, builder.Environment);
        _app = builder.Build();
        _app.MapPost("/shipments", async (Shipping request) =>
            {
                Interlocked.Increment(ref _started);
                await _gate.Task;
                return TypedResults.Created($"/shipments/{request.Parcel}", request);
            })
            .WithIdempotencyKey<ShippingDbContext, Shipping>();
    }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>How many requests reached the handler (past the idempotency filter).</summary>
    public int Started => Volatile.Read(ref _started);

    public static async Task<IdempotentNode> StartAsync(string dataDirectory, IDictionary<string, string?> settings)
    {
        var node = new IdempotentNode(dataDirectory, settings);
        await node._app.StartAsync();
        var address = node._app.Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        node.Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        return node;
    }

    public IServiceProvider Services => _app.Services;

    public void Release() => _gate.TrySetResult();

    public Task<HttpResponseMessage> Ship(string key, string parcel)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/shipments")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new Shipping(parcel)),
        };
        request.Headers.Add(IdempotencyEndpoints.Header, key);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        Client?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record Shipping(string Parcel);
