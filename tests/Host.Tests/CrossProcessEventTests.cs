using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;
using Xunit.Abstractions;

namespace Host.Tests;

/// <summary>Runs only when <c>SHOP_TEST_RABBITMQ</c> holds a broker URI (CI starts one with
/// scripts/ci-rabbitmq.sh).</summary>
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public const string Variable = "SHOP_TEST_RABBITMQ";

    public const string ControlVariable = "SHOP_TEST_RABBITMQ_CONTROL";

    public RabbitMqFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Uri))
        {
            Skip = $"Needs a RabbitMQ broker: set {Variable} to its URI (scripts/ci-rabbitmq.sh start prints one).";
        }
    }

    /// <summary>Also needs <c>SHOP_TEST_RABBITMQ_CONTROL</c>: a script taking <c>pause</c> / <c>resume</c>
    /// (scripts/ci-rabbitmq.sh).</summary>
    public bool NeedsControl
    {
        get => Control is not null;
        init
        {
            if (value && Skip is null && string.IsNullOrWhiteSpace(Control))
            {
                Skip = $"Takes the broker away: set {ControlVariable} to scripts/ci-rabbitmq.sh "
                    + $"(whose broker {Variable} names).";
            }
        }
    }

    public static string? Uri => Environment.GetEnvironmentVariable(Variable);

    public static string? Control => Environment.GetEnvironmentVariable(ControlVariable);
}

/// <summary>
/// The checkout saga across two real Hosts and a real broker: A runs Identity, Catalog and Cart, B runs Ordering.
/// PlaceOrder goes A -> B over HTTP (the checkout then empties the cart); OrderPlaced goes B -> RabbitMQ -> A (Catalog
/// reserves) and
/// StockReserved / StockReservationRejected go A -> RabbitMQ -> B (Ordering confirms or rejects).
/// </summary>
public sealed class CrossProcessEventTests(ITestOutputHelper output)
{
    private const string TraceSourceName = "Host.Tests.Shopper";

    private static readonly object Address = new
    {
        name = "Ada Lovelace", line1 = "1 Analytical St", line2 = (string?)null, city = "London", postalCode = "N1 7AA",
        country = "GB",
    };

    [RabbitMqFact]
    public async Task An_order_placed_on_another_host_is_confirmed_through_the_broker_and_empties_the_cart()
    {
        var (a, b) = StartPair();
        using (a)
        using (b)
        {
            using var shopper = await Shopper.SignInAsync(a, b);
            var (onA, onB, anonymous, productId) = shopper;
            var stockBefore = await AvailableStock(anonymous, productId);

            Assert.Equal(
                HttpStatusCode.OK,
                (await onA.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 2 })).StatusCode);
            var checkout = await Checkout(onA);
            Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
            var order = await Json(checkout);
            Assert.Equal("Pending", order["status"]!.GetValue<string>());
            var orderId = order["id"]!.GetValue<Guid>();

            var status = await Eventually.Until(
                () => OrderStatus(onB, orderId),
                s => s is "Confirmed" or "Rejected",
                TimeSpan.FromSeconds(30),
                "the order is confirmed on B after OrderPlaced and StockReserved crossed the broker");
            Assert.Equal("Confirmed", status);
            await Eventually.Until(
                async () => (await Json(await onA.GetAsync("/api/cart")))["items"]!.AsArray().Count,
                n => n == 0,
                TimeSpan.FromSeconds(30),
                "the cart on A is emptied by the checkout");
            Assert.Equal(stockBefore - 2, await AvailableStock(anonymous, productId));
        }
    }

    [RabbitMqFact]
    public async Task A_checkout_has_one_trace_id_across_cart_ordering_and_catalog()
    {
        // The in-memory exporter: every span both Hosts of this process finish (filtered by the checkout's trace id
        // below, since other tests run alongside).
        var finished = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or "Shop.Messaging" or TraceSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = finished.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var paths = RequestPaths.Tag();
        var (a, b) = StartPair();
        using (a)
        using (b)
        {
            using var customer = await Shopper.SignInAsync(a, b);
            var (onA, onB, _, productId) = customer;
            Assert.Equal(HttpStatusCode.OK, (await onA.PostAsJsonAsync(
                "/api/cart/items", new { productId, quantity = 1 })).StatusCode);

            using var source = new ActivitySource(TraceSourceName);
            ActivityTraceId trace;
            HttpResponseMessage checkout;
            using (var shopper = source.StartActivity("shopper checks out", ActivityKind.Client)!)
            {
                trace = shopper.TraceId;
                checkout = await Checkout(onA);
            }

            Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
            var orderId = (await Json(checkout))["id"]!.GetValue<Guid>();
            Assert.Equal("Confirmed", await Eventually.Until(
                () => OrderStatus(onB, orderId), s => s is "Confirmed" or "Rejected", TimeSpan.FromSeconds(30),
                "the order is settled through the broker"));
            var spans = await Eventually.Until(
                () => Task.FromResult(finished.Where(s => s.TraceId == trace).ToList()),
                l => l.Any(s => s.DisplayName == "Ordering handles StockReserved"),
                TimeSpan.FromSeconds(10),
                "Ordering's handler span of StockReserved is finished");

            foreach (var span in spans)
            {
                output.WriteLine($"{span.TraceId} {span.Source.Name} {span.Kind} {span.DisplayName} {Path(span)}");
            }

            // Cart (A) takes the checkout and places the order on Ordering (B) over HTTP, which asks Catalog (A) for
            // the prices; Catalog (A) handles OrderPlaced from the broker and Ordering (B) StockReserved: one trace.
            Assert.Contains(spans, s => s.Kind == ActivityKind.Server && Path(s) == "/api/cart/checkout");
            Assert.Contains(
                spans, s => s.Kind == ActivityKind.Server && Path(s) == "/internal/ordering/contracts/PlaceOrder");
            Assert.Contains(
                spans, s => s.Kind == ActivityKind.Server && Path(s) == "/internal/catalog/contracts/GetProductPrices");
            Assert.Contains(spans, s => s.DisplayName == "Catalog handles OrderPlaced");
            Assert.Contains(spans, s => s.DisplayName == "Ordering handles StockReserved");
        }
    }

    [RabbitMqFact]
    public async Task Two_orders_for_the_last_unit_are_one_confirmed_and_one_rejected()
    {
        var (a, b) = StartPair();
        using (a)
        using (b)
        {
            using var admin = a.CreateAuthorizedClient((await Tokens.AdminAsync(a)).AccessToken);
            var created = await admin.PostAsJsonAsync("/api/catalog/products",
                new
                {
                    sku = $"LAST-{Guid.NewGuid():N}"[..20].ToUpperInvariant(), name = "Last one", description = "d",
                    unitPrice = 9.5m, stock = 1,
                });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var productId = (await Json(created))["id"]!.GetValue<Guid>();

            var orders = new List<(HttpClient Client, Guid Id)>();
            for (var i = 0; i < 2; i++)
            {
                var customer = await Tokens.RegisterAndSignInAsync(a, Tokens.UniqueEmail(), Tokens.CustomerPassword);
                var onA = a.CreateAuthorizedClient(customer.AccessToken);
                Assert.Equal(
                    HttpStatusCode.OK,
                    (await onA.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 1 })).StatusCode);
                var checkout = await Checkout(onA);
                Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
                orders.Add(
                    (b.CreateAuthorizedClient(customer.AccessToken), (await Json(checkout))["id"]!.GetValue<Guid>()));
                onA.Dispose();
            }

            var statuses = new List<string>();
            foreach (var (client, id) in orders)
            {
                using (client)
                {
                    statuses.Add(await Eventually.Until(
                        () => OrderStatus(client, id),
                        s => s is "Confirmed" or "Rejected",
                        TimeSpan.FromSeconds(30),
                        "each order is settled through the broker"));
                }
            }

            Assert.Equal(["Confirmed", "Rejected"], statuses.Order().ToArray());
            using var anonymous = a.CreateHttpClient();
            Assert.Equal(0, await AvailableStock(anonymous, productId));
        }
    }

    [RabbitMqFact(NeedsControl = true)]
    public async Task Events_wait_in_the_outbox_while_the_broker_is_away_and_flow_when_it_returns()
    {
        var (a, b) = StartPair(
            ("Messaging:RabbitMq:ReconnectInterval", "00:00:01"),
            ("Messaging:MaxRetryDelay", "00:00:02"));
        using (a)
        using (b)
        {
            using var shopper = await Shopper.SignInAsync(a, b);
            var (onA, onB, _, productId) = shopper;

            async Task<Guid> Order()
            {
                Assert.Equal(
                    HttpStatusCode.OK,
                    (await onA.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 1 })).StatusCode);
                var checkout = await Checkout(onA);
                Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
                return (await Json(checkout))["id"]!.GetValue<Guid>();
            }

            var before = await Order();
            Assert.Equal("Confirmed", await Eventually.Until(
                () => OrderStatus(onB, before),
                s => s is "Confirmed" or "Rejected",
                TimeSpan.FromSeconds(30)));

            await BrokerAsync("pause");
            try
            {
                // Placed on B while the broker is away: OrderPlaced stays in B's outbox, the order stays Pending.
                var during = await Order();
                await Task.Delay(TimeSpan.FromSeconds(3));
                Assert.Equal("Pending", await OrderStatus(onB, during));
                var degraded = await Eventually.Until(
                    () => Readiness(b),
                    r => r.Body == "Degraded",
                    TimeSpan.FromSeconds(30),
                    "readiness should report the broker");

                await BrokerAsync("resume");
                Assert.Equal("Confirmed", await Eventually.Until(
                    () => OrderStatus(onB, during),
                    s => s is "Confirmed" or "Rejected",
                    TimeSpan.FromSeconds(60),
                    "the backlog drains once the broker is back"));
                Assert.Equal(HttpStatusCode.OK, degraded.Status); // degraded, still ready: requests need no broker
                await Eventually.Until(
                    () => Readiness(b),
                    r => r.Body == "Healthy",
                    TimeSpan.FromSeconds(30),
                    "readiness recovers with the broker");
            }
            finally
            {
                await BrokerAsync("resume");
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> Readiness(ShopHost host)
    {
        using var client = host.CreateHttpClient();
        using var response = await client.GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [RabbitMqFact(NeedsControl = true)]
    public async Task An_event_that_keeps_failing_is_dead_in_its_module_and_one_that_cannot_be_stored_is_dead_lettered()
    {
        var (a, b) = StartPair(
            ("Messaging:MaxAttempts", "3"),
            ("Messaging:FirstRetryDelay", "00:00:00.050"),
            ("Messaging:RabbitMq:DeliveryLimit", "2"));
        using (a)
        using (b)
        {
            var prefix = Prefix(a);
            var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(RabbitMqFactAttribute.Uri!) };
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync(
                new RabbitMQ.Client.CreateChannelOptions(
                    publisherConfirmationsEnabled: true,
                    publisherConfirmationTrackingEnabled: true));

            // The Hosts declare the queues and start consuming in the background after start-up: a message published
            // before that has no route.
            async Task<uint> Consumers(string queue)
            {
                try
                {
                    // A failed passive declare closes its channel.
                    await using var probe = await connection.CreateChannelAsync();
                    return (await probe.QueueDeclarePassiveAsync(queue)).ConsumerCount;
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    return 0;
                }
            }

            // OrderPlaced's one subscriber module is Catalog: the cart takes its ordered lines out itself at checkout.
            await Eventually.Until(() => Consumers($"{prefix}shop.catalog"), n => n >= 1, TimeSpan.FromSeconds(30),
                "shop.catalog is declared and consumed");

            // Module queues and their dead-letter queues are quorum queues (Raft-replicated).
            var queues = await BrokerOutputAsync("queues");
            foreach (var queue in new[] { "catalog", "catalog.dead", "ordering", "ordering.dead" })
            {
                Assert.Contains($"{prefix}shop.{queue}\tquorum", queues, StringComparison.Ordinal);
            }

            // An OrderPlaced whose payload no handler can read: stored in Catalog's inbox (on A), tried 3 times by
            // Catalog's inbox processor, then Dead there, and visible in A's admin API.
            var type = typeof(Ordering.Contracts.OrderPlaced).FullName!;
            var poisoned = Guid.NewGuid();
            await channel.BasicPublishAsync(
                $"{prefix}shop.events",
                type,
                mandatory: true,
                new RabbitMQ.Client.BasicProperties { MessageId = poisoned.ToString(), Type = type },
                "{not json"u8.ToArray());
            var admin = await Tokens.AdminAsync(a);
            using var onA = a.CreateAuthorizedClient(admin.AccessToken);
            var dead = await Eventually.Until(
                async () => (await Json(await onA.GetAsync("/api/admin/dead-letters?module=Catalog")))["items"]!
                    .AsArray(),
                items => items.Count == 1,
                TimeSpan.FromSeconds(30),
                "the poisoned event is dead in Catalog's inbox");
            Assert.Equal(type, dead[0]!["eventType"]!.GetValue<string>());
            Assert.Equal(3, dead[0]!["attempts"]!.GetValue<int>());
            var shown = await Json(await onA.GetAsync($"/api/admin/dead-letters/{dead[0]!["id"]!.GetValue<Guid>()}"));
            Assert.Equal(poisoned, shown["eventId"]!.GetValue<Guid>());
            Assert.Equal("{not json", shown["payload"]!.GetValue<string>());

            // A message without an event id cannot even be stored: the broker gives it back until the delivery limit,
            // then moves it to Catalog's dead-letter queue.
            await channel.BasicPublishAsync(
                $"{prefix}shop.events",
                type,
                mandatory: true,
                new RabbitMQ.Client.BasicProperties { Type = type },
                "{}"u8.ToArray());
            await Eventually.Until(
                async () => (await channel.QueueDeclarePassiveAsync($"{prefix}shop.catalog.dead")).MessageCount,
                n => n == 1,
                TimeSpan.FromSeconds(30),
                "the message without an id is parked in shop.catalog.dead");
            Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync($"{prefix}shop.catalog")).MessageCount);
        }
    }

    private static string Prefix(ShopHost host) =>
        host.Services
            .GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Messaging:RabbitMq:Prefix"]!;

    private static async Task<string> BrokerOutputAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo(RabbitMqFactAttribute.Control!, command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{RabbitMqFactAttribute.Control} {command} exited with {process.ExitCode}");
        return output;
    }

    private static async Task BrokerAsync(string command)
    {
        using var process = Process.Start(
            new ProcessStartInfo(RabbitMqFactAttribute.Control!, command) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{RabbitMqFactAttribute.Control} {command} exited with {process.ExitCode}");
    }

    /// <summary>A: Identity, Catalog, Cart (the issuer). B: Ordering. Each sends the other's contracts over HTTP; both
    /// share a broker, with names unique to this run.</summary>
    private static (ShopHost A, ShopHost B) StartPair(params (string Key, string Value)[] extra)
    {
        var prefix = $"test-{Guid.NewGuid():N}.";
        var (portA, portB) = (Ports.Free(), Ports.Free());
        var a = new ShopHost(port: portA, settings: Shared(prefix,
            [
                ("Modules:Enabled", "Identity,Catalog,Cart"), ("Modules:Remote:BaseUrl", $"http://127.0.0.1:{portB}/"),
                .. extra,
            ]));
        try
        {
            var b = new ShopHost(port: portB, settings: Shared(prefix,
            [
                ("Modules:Enabled", "Ordering"),
                ("Auth:Issuer", a.BaseAddress.ToString()),
                ("Auth:Authority", a.BaseAddress.ToString()),
                ("Modules:Remote:BaseUrl", a.BaseAddress.ToString()),
                .. extra,
            ]));
            return (a, b);
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string?> Shared(string prefix, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Messaging:RabbitMq:Uri"] = RabbitMqFactAttribute.Uri,
            ["Messaging:RabbitMq:Prefix"] = prefix,
            ["Modules:Remote:ClientId"] = Tokens.InternalClient,
            ["Modules:Remote:ClientSecret"] = Tokens.InternalClientSecret,
            ["Modules:Remote:AttemptTimeout"] = "00:00:05",
            ["Modules:Remote:RetryDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    private static async Task<string> OrderStatus(HttpClient client, Guid orderId)
    {
        var response = await client.GetAsync($"/api/orders/{orderId}");
        return response.StatusCode == HttpStatusCode.OK
            ? (await Json(response))["status"]!.GetValue<string>()
            : $"HTTP {(int)response.StatusCode}";
    }

    private static async Task<int> AvailableStock(HttpClient client, Guid productId) =>
        (await Json(await client.GetAsync($"/api/catalog/products/{productId}")))["availableStock"]!.GetValue<int>();

    private static Task<HttpResponseMessage> Checkout(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/cart/checkout")
        {
            Content = JsonContent.Create(new { shippingAddress = Address }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    /// <summary>A new customer signed in on both Hosts, an anonymous client of A, and the catalog's first
    /// product.</summary>
    private sealed record Shopper(HttpClient OnA, HttpClient OnB, HttpClient Anonymous, Guid ProductId) : IDisposable
    {
        public static async Task<Shopper> SignInAsync(ShopHost a, ShopHost b)
        {
            var customer = await Tokens.RegisterAndSignInAsync(a, Tokens.UniqueEmail(), Tokens.CustomerPassword);
            var anonymous = a.CreateHttpClient();
            var product = (await Json(await anonymous.GetAsync("/api/catalog/products?pageSize=1")))["items"]![0]!;
            return new Shopper(
                a.CreateAuthorizedClient(customer.AccessToken),
                b.CreateAuthorizedClient(customer.AccessToken),
                anonymous,
                product["id"]!.GetValue<Guid>());
        }

        public void Dispose()
        {
            OnA.Dispose();
            OnB.Dispose();
            Anonymous.Dispose();
        }
    }

    private static string? Path(Activity span) => span.GetTagItem("url.path") as string;

    private static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
