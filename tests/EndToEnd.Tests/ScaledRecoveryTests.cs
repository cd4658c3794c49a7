using System.Diagnostics;
using System.Net;
using EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Tests;

/// <summary>
/// How fast the scaled topology recovers what a killed Host held: an <c>Idempotency-Key</c> in flight, and an order's
/// event under the Host's outbox lease. Each test holds the work in flight with a table lock (<see cref="TableLock"/>),
/// kills the Host, and times the recovery from the kill (figures in docs/benchmarks.md).
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class ScaledRecoveryTests(Deployment shop, ITestOutputHelper output)
{
    // Each test kills another Host: the topology script gives up on a process that exits 3 times in a minute.
    private const string FirstVictim = "host-1";
    private const string SecondVictim = "host-2";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(90);

    [FailureFact(Topology.Scaled)]
    public async Task A_retry_of_an_order_in_flight_on_a_killed_host_is_answered_201_within_10_s_with_one_order()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 1000);
        using var customer = await Accounts.Customer(shop);
        using var victim = Recovery.Direct(shop.Processes, FirstVictim, customer);
        const string key = "in-flight-on-the-victim";

        Task<HttpResponseMessage> first;
        Stopwatch sinceKill;
        await using (var hold = await TableLock.AcquireAsync(shop.Processes.Postgres, "ordering.orders"))
        {
            // The victim has claimed the key and waits to insert the order when it dies.
            first = Shop.PlaceOrder(victim, key, (product, 1));
            await hold.WaitUntilSomeoneWaitsAsync(TimeSpan.FromSeconds(30));
            shop.Processes.Kill(FirstVictim);
            sinceKill = Stopwatch.StartNew();
        }

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => first);
        var (id, _, answeredAt, before) = await Recovery.PlaceOrderAsync(customer, key, product, sinceKill, GiveUp);
        output.WriteLine(
            $"RECOVERY scaled key-in-flight: retry answered 201 {Recovery.Seconds(answeredAt)} after the kill; " +
            $"before it: {before}");

        var orders = await PersistentClient.AllOrdersAsync(customer);
        Assert.Equal(id, Assert.Single(orders)!["id"]!.GetValue<Guid>());
        Assert.True(answeredAt <= Limit,
            $"the key stayed blocked {Recovery.Seconds(answeredAt)} after the kill ({before})");
        await shop.Processes.WaitUntilRestartedAsync(FirstVictim, -1, GiveUp);
    }

    [FailureFact(Topology.Scaled)]
    public async Task An_order_answered_just_before_its_host_is_killed_leaves_pending_within_10_s()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 1000);
        using var customer = await Accounts.Customer(shop);
        using var victim = Recovery.Direct(shop.Processes, SecondVictim, customer);

        Guid id;
        Stopwatch sinceKill;
        await using (var hold = await TableLock.AcquireAsync(shop.Processes.Postgres, "catalog.inbox_messages"))
        {
            // 201 from the victim; its relay (woken by the commit) claims OrderPlaced and waits on Catalog's inbox.
            using (var placed = await Shop.PlaceOrder(victim, "answered-then-killed", (product, 1)))
            {
                await Shop.Expect(placed, HttpStatusCode.Created, "placing an order on the victim");
                id = (await placed.Json())["id"]!.GetValue<Guid>();
            }

            await hold.WaitUntilSomeoneWaitsAsync(TimeSpan.FromSeconds(30));
            shop.Processes.Kill(SecondVictim);
            sinceKill = Stopwatch.StartNew();
        }

        var (status, leftAt) = await Recovery.LeavesPendingAsync(customer, id, sinceKill, GiveUp);
        output.WriteLine($"RECOVERY scaled order-after-201: {status} {Recovery.Seconds(leftAt)} after the kill");

        Assert.Equal("Confirmed", status);
        Assert.True(leftAt <= Limit, $"the order stayed Pending {Recovery.Seconds(leftAt)} after the kill");
        await shop.Processes.WaitUntilRestartedAsync(SecondVictim, -1, GiveUp);
    }
}
