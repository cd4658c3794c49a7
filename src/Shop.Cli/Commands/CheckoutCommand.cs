using System.CommandLine;
using Shop.Cli.Api;

namespace Shop.Cli.Commands;

/// <summary>
/// <c>shop checkout</c>: turns the cart into an order, then waits until the shop confirms or rejects it (the stock is
/// reserved behind the 201). One <c>Idempotency-Key</c> per run (Shop.Client's): a retry after a lost answer returns
/// the same order.
/// </summary>
internal static class CheckoutCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Required = true, Description = "Who receives the parcel." };
        var line1 = new Option<string>("--line1") { Required = true, Description = "Street and number." };
        var line2 = new Option<string?>("--line2");
        var city = new Option<string>("--city") { Required = true };
        var postalCode = new Option<string>("--postal-code") { Required = true };
        var country = new Option<string>("--country") { Required = true, Description = "ISO 3166-1 alpha-2: GB, FR." };
        var wait = new Option<int>("--wait")
        {
            Description = "Seconds to wait for Confirmed or Rejected (0: do not wait).",
            DefaultValueFactory = _ => 60,
        };
        var checkout = new Command("checkout", "Order what is in the cart and wait for the shop's answer.")
        {
            name, line1, line2, city, postalCode, country, wait,
        };
        Run.Action(checkout, async (parse, context, cancel) =>
        {
            var body = new
            {
                shippingAddress = new
                {
                    name = parse.GetValue(name),
                    line1 = parse.GetValue(line1),
                    line2 = parse.GetValue(line2),
                    city = parse.GetValue(city),
                    postalCode = parse.GetValue(postalCode),
                    country = parse.GetValue(country),
                },
            };
            // Shop.Client gives the checkout its Idempotency-Key and retries a lost answer with it.
            var placed = await context.Api.SendAsync(HttpMethod.Post, "api/cart/checkout", body, cancel);
            var id = placed.Body!["id"]!.GetValue<string>();
            context.Printer.Line($"Order {id} placed; waiting for the stock reservation...");
            var order = await WaitAsync(context.Api, id, TimeSpan.FromSeconds(parse.GetValue(wait)), placed, cancel);
            OrderCommands.Print(context.Printer, order.Body);
            return order.Body?["status"]?.GetValue<string>() switch
            {
                "Rejected" => ExitCodes.OrderRejected,
                "Pending" => ExitCodes.StillPending,
                _ => ExitCodes.Ok,
            };
        });
        return checkout;
    }

    private static async Task<ShopApi.Answer> WaitAsync(
        ShopApi api, string id, TimeSpan wait, ShopApi.Answer placed, CancellationToken cancel)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        var order = placed;
        var pause = TimeSpan.FromMilliseconds(200);
        while (order.Body?["status"]?.GetValue<string>() == "Pending" && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(pause, cancel);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 2000));
            order = await api.GetAsync($"api/orders/{id}", cancel);
        }

        return order;
    }
}
