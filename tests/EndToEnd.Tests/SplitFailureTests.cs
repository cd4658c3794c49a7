using System.Collections.Concurrent;
using System.Net;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests;

/// <summary>One process per module: the Ordering process crashes mid-saga, and the broker goes away for a
/// while.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class SplitFailureTests(Deployment shop)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(120);

    [FailureFact(Topology.Split)]
    public async Task Killing_ordering_mid_saga_leaves_every_placed_order_confirmed_or_rejected()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 5);
        using var customer = await Accounts.Customer(shop);
        var placed = new ConcurrentDictionary<string, Guid>();
        var thirdPlaced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Two clients place ten orders of one unit; Ordering is killed once three of them are answered, so others are
        // in flight, unpublished in its outbox or waiting for their StockReserved / StockReservationRejected.
        async Task PlaceAsync(int first)
        {
            for (var n = first; n < 10; n += 2)
            {
                placed[$"saga-{n}"] = await PersistentClient.PlaceOrderAsync(customer, $"saga-{n}", product, Recovery);
                if (placed.Count >= 3)
                {
                    thirdPlaced.TrySetResult();
                }
            }
        }

        var clients = new[] { PlaceAsync(0), PlaceAsync(1) };
        await thirdPlaced.Task.WaitAsync(Recovery);
        var killed = shop.Processes.Kill("ordering");
        await shop.Processes.WaitUntilRestartedAsync("ordering", killed, Recovery);
        await Task.WhenAll(clients);

        var orders = await Eventually.Until(async () => await PersistentClient.AllOrdersAsync(customer),
            all => all.Count == 10
                && all.All(o => o!["status"]!.GetValue<string>() is "Confirmed" or "Rejected"), Recovery,
            "every placed order should end Confirmed or Rejected after Ordering's restart");

        Assert.Equal(placed.Values.ToHashSet(), orders.Select(o => o!["id"]!.GetValue<Guid>()).ToHashSet());
        Assert.Equal(5, orders.Count(o => o!["status"]!.GetValue<string>() == "Confirmed"));
        Assert.Equal(0, await Shop.Stock(admin, product));
    }

    [FailureFact(Topology.Split)]
    public async Task Checkouts_retried_with_their_keys_while_ordering_is_killed_each_answer_the_one_order_they_placed()
    {
        using var admin = await Accounts.Admin(shop);
        var mug = await Shop.CreateProduct(admin, stock: 1000);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Accounts.Customer(shop)));
        var answered = 0;
        var secondAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each buyer adds a mug and checks out, six times, retrying each checkout with its key through failures, as
        // the fault-injection runs did. Ordering is killed once the first checkouts are answered, so others are on
        // their way to it or back: some fail before the order is stored, some after (their answer is lost). Every
        // retry must end in 201 with the one order of that key, holding the one mug added since the last checkout.
        async Task<List<Guid>> BuyAsync(HttpClient buyer, int index)
        {
            var orders = new List<Guid>();
            for (var round = 0; round < 6; round++)
            {
                await Shop.Expect(
                    await PersistentClient.AddToCartAsync(buyer, mug, Recovery),
                    HttpStatusCode.OK,
                    "add");
                var order = await PersistentClient.CheckoutAsync(buyer, $"killed-{index}-{round}", Recovery);
                Assert.Equal(1, Assert.Single(order["items"]!.AsArray())!["quantity"]!.GetValue<int>());
                orders.Add(order["id"]!.GetValue<Guid>());
                if (Interlocked.Increment(ref answered) == 2)
                {
                    secondAnswered.TrySetResult();
                }
            }

            return orders;
        }

        var buying = buyers.Select(BuyAsync).ToList();
        await secondAnswered.Task.WaitAsync(Recovery);
        var killed = shop.Processes.Kill("ordering");
        await shop.Processes.WaitUntilRestartedAsync("ordering", killed, Recovery);
        var placed = await Task.WhenAll(buying);

        for (var i = 0; i < buyers.Length; i++)
        {
            var all = await PersistentClient.AllOrdersAsync(buyers[i]);
            Assert.Equal(placed[i].ToHashSet(), all.Select(o => o!["id"]!.GetValue<Guid>()).ToHashSet());
            Assert.Equal(0, (await (await buyers[i].GetAsync("/api/cart")).Json())["totalQuantity"]!.GetValue<int>());
            buyers[i].Dispose();
        }
    }

    [FailureFact(Topology.Split)]
    public async Task Stopping_the_broker_loses_nothing_and_the_backlog_drains_when_it_returns()
    {
        using var admin = await Accounts.Admin(shop);
        var product = await Shop.CreateProduct(admin, stock: 100);
        using var customer = await Accounts.Customer(shop);
        await Shop.Expect(await Shop.AddToCart(customer, product, 2), HttpStatusCode.OK, "adding to the cart");
        var ids = new List<Guid>();

        await shop.Processes.BrokerAsync("pause");
        try
        {
            // Placing needs no broker (Cart calls Ordering over HTTP); every step after it does.
            using (var checkout = await Shop.Checkout(customer, "outage-checkout"))
            {
                await Shop.Expect(checkout, HttpStatusCode.Created, "checkout while the broker is down");
                ids.Add((await checkout.Json())["id"]!.GetValue<Guid>());
            }

            for (var n = 0; n < 4; n++)
            {
                using var response = await Shop.PlaceOrder(customer, $"outage-{n}", (product, 1));
                await Shop.Expect(response, HttpStatusCode.Created, "placing an order while the broker is down");
                ids.Add((await response.Json())["id"]!.GetValue<Guid>());
            }

            // The outage lasts a while: the relays retry and back off, the consumers lose their connections.
            await Task.Delay(TimeSpan.FromSeconds(10));
            var during = await PersistentClient.AllOrdersAsync(customer);
            Assert.All(during, o => Assert.Equal("Pending", o!["status"]!.GetValue<string>()));
            Assert.Equal(100, await Shop.Stock(admin, product));
        }
        finally
        {
            await shop.Processes.BrokerAsync("resume");
        }

        var orders = await Eventually.Until(async () => await PersistentClient.AllOrdersAsync(customer),
            all => all.Count == 5 && all.All(o => o!["status"]!.GetValue<string>() == "Confirmed"), Recovery,
            "the backlog should drain once the broker is back");
        var cart = await Eventually.Until(async () => await (await customer.GetAsync("/api/cart")).Json(),
            c => c["totalQuantity"]!.GetValue<int>() == 0, Recovery, "the checkout should have emptied the cart");

        Assert.Equal(ids.ToHashSet(), orders.Select(o => o!["id"]!.GetValue<Guid>()).ToHashSet());
        Assert.Equal(100 - 6, await Shop.Stock(admin, product));
        Assert.Empty(cart["items"]!.AsArray());
    }
}
