using System.Collections.Concurrent;
using System.Net;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests;

/// <summary>Two identical Hosts behind the gateway: one of them crashes while a client keeps working.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class ScaledFailureTests(Deployment shop)
{
    private const string Victim = "host-1";

    [FailureFact(Topology.Scaled)]
    public async Task Killing_a_host_while_a_client_streams_fails_no_read_and_loses_or_duplicates_no_order()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 100_000);
        using var customer = await Accounts.Customer(shop);
        using var anonymous = shop.CreateHttpClient();
        var victim = shop.Processes.HostAddress(Victim).Authority; // the gateway's destination id, as X-Served-By says
        var failedReads = new ConcurrentQueue<string>();
        var servedBy = new ConcurrentDictionary<string, int>();
        var reads = 0;
        var placed = new ConcurrentDictionary<string, Guid>();
        using var stop = new CancellationTokenSource();

        async Task ReadAsync(HttpClient client, string path)
        {
            try
            {
                using var response = await client.GetAsync(path);
                if (!response.IsSuccessStatusCode)
                {
                    failedReads.Enqueue(
                        $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                servedBy.AddOrUpdate(
                    response.Headers.TryGetValues("X-Served-By", out var by) ? by.First() : "?",
                    1,
                    (_, n) => n + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failedReads.Enqueue($"GET {path}: {e.GetType().Name} {e.Message}");
            }

            Interlocked.Increment(ref reads);
        }

        async Task StreamReadsAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                await ReadAsync(anonymous, $"/api/catalog/products/{product}");
                await ReadAsync(customer, "/api/cart");
                await ReadAsync(customer, "/api/orders?pageSize=5");
            }
        }

        async Task StreamOrdersAsync()
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"stream-{n}";
                placed[key] = await PersistentClient.PlaceOrderAsync(customer, key, product, TimeSpan.FromSeconds(120));
            }
        }

        var streams = Enumerable.Range(0, 3).Select(_ => Task.Run(StreamReadsAsync)).Append(Task.Run(StreamOrdersAsync))
            .ToArray();
        try
        {
            // Traffic reaches both Hosts, then one of them crashes mid-stream.
            await Eventually.Until(
                () => Task.FromResult(servedBy.Keys.Count(k => k != "?") >= 2 && placed.Count >= 5),
                ok => ok,
                TimeSpan.FromSeconds(60),
                "reads should reach both Hosts and orders should be placed");
            var killed = shop.Processes.Kill(Victim);
            var (readsAtKill, ordersAtKill) = (Volatile.Read(ref reads), placed.Count);

            // The client keeps going on the survivor; the script restarts the victim, which must rejoin the gateway's
            // pool.
            await Eventually.Until(() => Task.FromResult(
                Volatile.Read(ref reads) - readsAtKill >= 300 && placed.Count - ordersAtKill >= 10),
                ok => ok, TimeSpan.FromSeconds(120), "the stream should go on while a Host is down");
            await shop.Processes.WaitUntilRestartedAsync(Victim, killed, TimeSpan.FromSeconds(120));
            var servedByVictim = servedBy.GetValueOrDefault(victim);
            await Eventually.Until(
                () => Task.FromResult(servedBy.GetValueOrDefault(victim)),
                n => n > servedByVictim + 20,
                TimeSpan.FromSeconds(90),
                $"the restarted {Victim} ({victim}) should serve requests through the gateway again");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(streams);
        }

        var orders = await PersistentClient.AllOrdersAsync(customer);
        var ids = orders.Select(o => o!["id"]!.GetValue<Guid>()).ToHashSet();
        await Eventually.Until(async () => await PersistentClient.AllOrdersAsync(customer),
            all => all.All(o => o!["status"]!.GetValue<string>() == "Confirmed"), TimeSpan.FromSeconds(120),
            "every order placed through the crash should be confirmed");

        Assert.Empty(failedReads);
        Assert.Equal(placed.Count, placed.Values.Distinct().Count());
        Assert.Equal(placed.Values.ToHashSet(), ids);
        Assert.Equal(100_000 - placed.Count, await Shop.Stock(anonymous, product));
    }
}
