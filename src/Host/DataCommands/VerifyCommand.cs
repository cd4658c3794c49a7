using System.Text.Json;
using BuildingBlocks.Persistence;

namespace Host.DataCommands;

/// <summary>
/// <c>verify</c>: the invariants that hold between modules once their events are delivered. An order whose events are
/// still in an outbox (after a restore, or on a busy shop) is in flight, not a violation: it is counted apart.
/// </summary>
internal static class VerifyCommand
{
    public static async Task<int> RunAsync(
        IServiceProvider services,
        IReadOnlyList<ModuleDatabase> databases, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var stores = databases.Select(d => ModuleStore.Configured(scope.ServiceProvider, d))
            .ToDictionary(s => s.Module);
        foreach (var needed in new[] { "Catalog", "Cart", "Ordering" }.Where(m => !stores.ContainsKey(m)))
        {
            throw new DataCommandException(
                $"verify reads the Catalog, Cart and Ordering databases; {needed} is not enabled here.");
        }

        var catalog = await ShopTables.ReadAsync(stores["Catalog"], cancellationToken);
        var ordering = await ShopTables.ReadAsync(stores["Ordering"], cancellationToken);
        var cart = await ShopTables.ReadAsync(stores["Cart"], cancellationToken);
        var violations = Check(catalog, ordering, cart, out var inFlight, out var checkedOrders);

        await output.WriteLineAsync(
            $"Checked {checkedOrders} orders, {catalog["stock_reservations"].Count} reservations, " +
                $"{catalog["products"].Count} products, " +
            $"{cart["cart_lines"].Count} cart lines; {inFlight} order(s) with events still in an outbox were left " +
                "out.");
        if (violations.Count == 0)
        {
            await output.WriteLineAsync("No violation.");
            return 0;
        }

        foreach (var violation in violations)
        {
            await Console.Error.WriteLineAsync($"VIOLATION: {violation}");
        }

        await Console.Error.WriteLineAsync($"{violations.Count} violation(s).");
        return 1;
    }

    private static List<string> Check(
        ShopTables catalog, ShopTables ordering, ShopTables cart, out int inFlight, out int checkedOrders)
    {
        var violations = new List<string>();
        var busy = OrdersInFlight(catalog).Concat(OrdersInFlight(ordering)).ToHashSet();
        var reservations = catalog["stock_reservations"].ToDictionary(
            r => (Guid)r["OrderId"]!,
            r => (string)r["Status"]!);
        var reserved = Lines(catalog["stock_reservation_lines"]);
        var ordered = Lines(ordering["order_lines"]);
        var orders = ordering["orders"].ToDictionary(o => (Guid)o["Id"]!, o => (string)o["Status"]!);
        var products = catalog["products"].ToDictionary(
            p => (Guid)p["Id"]!, p => Convert.ToInt64(p["Stock"], System.Globalization.CultureInfo.InvariantCulture));
        // Catalog deletes a product outright; its reservations remember that it existed.
        var known = products.Keys.Concat(reserved.Values.SelectMany(l => l.Keys)).ToHashSet();

        foreach (var (id, stock) in products.Where(p => p.Value < 0))
        {
            violations.Add($"product {id} has stock {stock}, below zero.");
        }

        inFlight = orders.Keys.Count(busy.Contains);
        checkedOrders = 0;
        foreach (var (id, status) in orders.Where(o => !busy.Contains(o.Key)))
        {
            checkedOrders++;
            var reservation = reservations.GetValueOrDefault(id);
            switch (status)
            {
                case "Confirmed" or "Shipped" when reservation != "Reserved":
                    violations.Add($"order {id} is {status} but Catalog's reservation is {reservation ?? "missing"}.");
                    break;
                case "Confirmed" or "Shipped" when !SameLines(
                    ordered.GetValueOrDefault(id),
                    reserved.GetValueOrDefault(id)):
                    violations.Add($"order {id} is {status} but Catalog reserved other lines than the order's.");
                    break;
                case "Cancelled" or "Rejected" when reservation is null or "Reserved":
                    violations.Add($"order {id} is {status} but Catalog's reservation is {reservation ?? "missing"}, " +
                        "not given back.");
                    break;
            }

            // A rejected order may name a product that no longer existed when it was placed: that is why it was
            // rejected.
            foreach (var product in (ordered.GetValueOrDefault(id)?.Keys.AsEnumerable() ?? []).Where(
                p => status != "Rejected" && !known.Contains(p)))
            {
                violations.Add($"order {id} has a line for product {product}, which Catalog never had.");
            }
        }

        foreach (var id in reservations.Keys.Where(id => !orders.ContainsKey(id)))
        {
            violations.Add($"Catalog holds a reservation for order {id}, which Ordering does not have.");
        }

        foreach (var line in cart["cart_lines"].Where(l => !known.Contains((Guid)l["ProductId"]!)))
        {
            violations.Add(
                $"the cart of customer {line["CustomerId"]} has a line for product {line["ProductId"]}, which " +
                    "Catalog never had.");
        }

        return violations;
    }

    private static Dictionary<Guid, Dictionary<Guid, int>> Lines(
        IEnumerable<IReadOnlyDictionary<string, object?>> rows) =>
        rows.GroupBy(r => (Guid)r["OrderId"]!).ToDictionary(
            g => g.Key,
            g => g.ToDictionary(
                r => (Guid)r["ProductId"]!,
                r => Convert.ToInt32(r["Quantity"], System.Globalization.CultureInfo.InvariantCulture)));

    private static bool SameLines(Dictionary<Guid, int>? a, Dictionary<Guid, int>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0)
            && (a ?? []).All(l => b is not null && b.TryGetValue(l.Key, out var q) && q == l.Value);

    /// <summary>Orders named by an event not yet handed over (every shop event carries <c>orderId</c>).</summary>
    private static IEnumerable<Guid> OrdersInFlight(ShopTables module)
    {
        foreach (var message in module["outbox_messages"].Where(m => m["ProcessedAt"] is null))
        {
            using var payload = JsonDocument.Parse((string)message["Payload"]!);
            if (payload.RootElement.TryGetProperty("orderId", out var orderId) && orderId.TryGetGuid(out var id))
            {
                yield return id;
            }
        }
    }
}
