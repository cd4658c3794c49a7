using System.Collections.Concurrent;
using System.Net;
using DataGrowth.Tests.Infrastructure;

namespace DataGrowth.Tests;

public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_restored_backup_answers_every_order_and_cart_as_before_and_delivers_the_event_in_flight()
    {
        var work = Places.NewFolder("restore");
        var port = Ports.Free();
        var original = Places.Sqlite(Path.Combine(work, "original"));
        ShopStory story;
        await using (var host = await HostProcess.StartAsync(original, port, work))
        {
            story = await ShopStory.MakeAsync(host);
        }

        // An order placed while no relay runs: its OrderPlaced is still in the outbox when the backup is taken.
        Guid pending;
        Dictionary<string, System.Text.Json.Nodes.JsonNode> before;
        await using (var host = await HostProcess.StartAsync(
            original.With("Messaging:RelayEnabled", "false"),
            port,
            work))
        {
            var placed = await Shop.PlaceOrder(story.Customers[0].Client, "in-flight", (story.Products[0], 1));
            await Shop.Expect(placed, HttpStatusCode.Created, "placing the order in flight");
            pending = (await placed.Json())["id"]!.GetValue<Guid>();
            before = await story.AnswersAsync(host, [pending]);
        }

        var backup = Path.Combine(work, "backup");
        var taken = await HostProcess.RunAsync(original, "backup", "--out", backup);
        Assert.True(taken.ExitCode == 0, taken.ToString());
        Assert.Contains("Backup complete", taken.Output, StringComparison.Ordinal);

        var restored = Places.Sqlite(Path.Combine(work, "restored"));
        var restore = await HostProcess.RunAsync(restored, "restore", "--from", backup);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var verify = await HostProcess.RunAsync(restored, "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        // Everything relayed since the backup began (less a margin for clocks) is handed over again: in flight.
        Assert.Contains("order(s) with events still in an outbox", verify.Output, StringComparison.Ordinal);

        await using (var host = await HostProcess.StartAsync(restored, port, work))
        {
            await Shop.OrderReaching(story.Customers[0].Client, pending, "Confirmed");
            // Handed over twice, reserved once: the inboxes dropped the events they had applied before the backup.
            var after = await Eventually.Until(
                () => HostProcess.RunAsync(restored, "verify"),
                result => result.ExitCode != 0
                    || result.Output.Contains(" 0 order(s) with events", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "every event handed over again is delivered");
            Assert.True(after.ExitCode == 0, after.ToString());
            ShopStory.AssertSame(
                before,
                await story.AnswersAsync(host, [pending]),
                stockTakenByInFlight: (story.Products[0], 1));
            foreach (var customer in story.Customers)
            {
                var refreshed = await Tokens.RefreshAsync(host, customer.RefreshToken);
                Assert.False(string.IsNullOrEmpty(refreshed.AccessToken));
            }
        }
    }

    [Fact]
    public async Task A_backup_under_load_restores_every_order_acknowledged_before_it_began()
    {
        var work = Places.NewFolder("load");
        var port = Ports.Free();
        var original = Places.Sqlite(Path.Combine(work, "original"));
        var acknowledged = new ConcurrentDictionary<Guid, DateTime>();
        var backup = Path.Combine(work, "backup");
        DateTime began;
        await using (var host = await HostProcess.StartAsync(original, port, work))
        {
            using var admin = await Accounts.Admin(host);
            var product = await Shop.CreateProduct(admin, stock: 100_000);
            var other = await Shop.CreateProduct(admin, stock: 100_000);
            var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Accounts.Customer(host)));
            using var stop = new CancellationTokenSource();
            var load = clients.Select(client => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await Shop.AddToCart(client, other, 1);
                    using var placed = await Shop.PlaceOrder(client, Guid.NewGuid().ToString(), (product, 1));
                    if (placed.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[(await placed.Json())["id"]!.GetValue<Guid>()] = DateTime.UtcNow;
                    }
                }
            })).ToList();

            await Eventually.Until(
                () => Task.FromResult(acknowledged.Count),
                n => n >= 16,
                TimeSpan.FromSeconds(60),
                "orders under load");
            began = DateTime.UtcNow;
            var taken = await HostProcess.RunAsync(original, "backup", "--out", backup);
            var countAfter = acknowledged.Count;
            await Eventually.Until(
                () => Task.FromResult(acknowledged.Count),
                n => n >= countAfter + 8,
                TimeSpan.FromSeconds(60),
                "orders after the backup");
            await stop.CancelAsync();
            await Task.WhenAll(load);
            Assert.True(taken.ExitCode == 0, taken.ToString());
        }

        var beforeBackup = acknowledged.Where(a => a.Value < began).Select(a => a.Key).ToList();
        Assert.NotEmpty(beforeBackup);
        var restored = Places.Sqlite(Path.Combine(work, "restored"));
        var restore = await HostProcess.RunAsync(restored, "restore", "--from", backup);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var verify = await HostProcess.RunAsync(restored, "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        await using (var host = await HostProcess.StartAsync(restored, port, work))
        {
            using var admin = await Accounts.Admin(host);
            foreach (var id in beforeBackup)
            {
                using var order = await admin.GetAsync($"/api/orders/{id}");
                Assert.True(
                    order.StatusCode == HttpStatusCode.OK,
                    $"order {id}, answered 201 before the backup began, is missing");
            }

            // Every event in flight at the backup is delivered: each order ends Confirmed.
            foreach (var id in beforeBackup)
            {
                await Shop.OrderReaching(admin, id, "Confirmed");
            }
        }

        var after = await HostProcess.RunAsync(restored, "verify");
        Assert.True(after.ExitCode == 0, after.ToString());
    }
}
