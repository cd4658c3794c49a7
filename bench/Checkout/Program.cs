using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ShopClient;

// usage: Checkout --url https://localhost:5443/ [--ca certs/gateway.crt] [--orders 40] [--warmup 5]
// One customer checks out one line at a time: add to cart, POST /api/cart/checkout (timed to the 201), then polls the
// order every 2 ms until Confirmed (timed from the POST). Prints one JSON object with the percentiles in milliseconds.
var options = Arguments(args);
var endpoint = new Endpoint(
    new Uri(options.GetValueOrDefault("url") ?? throw new ArgumentException("--url is required")),
    options.TryGetValue("ca", out var ca) ? DevelopmentCertificate.Load(ca) : null);
var orders = int.Parse(options.GetValueOrDefault("orders", "40"), CultureInfo.InvariantCulture);
var warmup = int.Parse(options.GetValueOrDefault("warmup", "5"), CultureInfo.InvariantCulture);

using var admin = await Accounts.Admin(endpoint);
var product = await Shop.CreateProduct(admin, stock: 1_000_000);
using var customer = await Accounts.Customer(endpoint);
var placed = new List<double>();
var confirmed = new List<double>();
var createdToConfirmed = new List<double>();
for (var i = 0; i < warmup + orders; i++)
{
    await Shop.Expect(await Shop.AddToCart(customer, product, 1), HttpStatusCode.OK, "adding to the cart");
    var clock = Stopwatch.StartNew();
    using var checkout = await Shop.Checkout(customer, Guid.NewGuid().ToString());
    var toCreated = clock.Elapsed.TotalMilliseconds;
    await Shop.Expect(checkout, HttpStatusCode.Created, "checkout");
    var id = (await checkout.Json())["id"]!.GetValue<Guid>();
    while (true)
    {
        using var order = await customer.GetAsync($"/api/orders/{id}");
        var status = order.IsSuccessStatusCode ? (await order.Json())["status"]?.GetValue<string>() : null;
        if (status is "Confirmed" or "Rejected")
        {
            if (status == "Rejected")
            {
                throw new InvalidOperationException($"Order {id} was rejected.");
            }

            break;
        }

        await Task.Delay(2);
    }

    var toConfirmed = clock.Elapsed.TotalMilliseconds;
    if (i >= warmup)
    {
        placed.Add(toCreated);
        confirmed.Add(toConfirmed);
        createdToConfirmed.Add(toConfirmed - toCreated);
    }
}

Console.WriteLine(JsonSerializer.Serialize(new
{
    orders,
    placedP50 = Percentile(placed, 50), placedP95 = Percentile(placed, 95),
    confirmedP50 = Percentile(confirmed, 50), confirmedP95 = Percentile(confirmed, 95),
    // From the 201 to Confirmed: the saga's events alone (OrderPlaced -> Catalog -> StockReserved -> Ordering).
    createdToConfirmedP50 = Percentile(createdToConfirmed, 50),
    createdToConfirmedP99 = Percentile(createdToConfirmed, 99),
}));

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToArray();
    return Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)], 2);
}

static Dictionary<string, string> Arguments(string[] args)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        parsed[args[i].TrimStart('-')] = args[i + 1];
    }

    return parsed;
}

/// <summary>The shop at <paramref name="baseAddress"/>, trusting exactly <paramref name="trusted"/> when given (a
/// development certificate).</summary>
internal sealed class Endpoint(Uri baseAddress, X509Certificate2? trusted) : IShopEndpoint
{
    public Uri BaseAddress { get; } = baseAddress;

    public HttpClient CreateHttpClient(bool handleCookies = false) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = handleCookies }.Trusting(trusted))
        {
            BaseAddress = BaseAddress,
        };
}
