using System.CommandLine;
using System.Text.Json.Nodes;
using Shop.Cli.Output;

namespace Shop.Cli.Commands;

/// <summary><c>shop orders list|show|cancel</c>, and <c>ship</c> for admins.</summary>
internal static class OrderCommands
{
    public static Command Create()
    {
        var page = new Option<int>("--page") { DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { DefaultValueFactory = _ => 20 };
        var list = new Command("list", "Your orders, newest first (admins: everyone's).") { page, pageSize };
        Run.Action(list, async (parse, context, cancel) =>
        {
            var answer = await context.Api.GetAsync(
                $"api/orders?page={parse.GetValue(page)}&pageSize={parse.GetValue(pageSize)}", cancel);
            context.Printer.Table(answer.Body, answer.Body?["items"] as JsonArray, ("ID", "id"),
                ("STATUS", "status"), ("TOTAL", "total"), ("CURRENCY", "currency"), ("CREATED", "createdAt"));
            context.Printer.Line($"{answer.Body?["totalCount"]} orders.");
            return ExitCodes.Ok;
        });

        var order = new Argument<Guid>("order") { Description = "The order's id." };
        var show = new Command("show", "One order with its lines.") { order };
        Run.Action(show, async (parse, context, cancel) =>
        {
            Print(context.Printer, (await context.Api.GetAsync($"api/orders/{parse.GetValue(order)}", cancel)).Body);
            return ExitCodes.Ok;
        });

        var cancelOrder = new Command("cancel", "Cancel a Pending or Confirmed order (the stock goes back).") { order };
        Run.Action(cancelOrder, (parse, context, cancel) => TransitionAsync(context, parse.GetValue(order), "cancel",
            cancel));

        var ship = new Command("ship", "Admin: mark a Confirmed order as Shipped.") { order };
        Run.Action(ship, (parse, context, cancel) => TransitionAsync(context, parse.GetValue(order), "ship", cancel));

        return new Command("orders", "Your orders (needs shop login).") { list, show, cancelOrder, ship };
    }

    public static void Print(Printer printer, JsonNode? order)
    {
        printer.Record(order, ("Order", "id"), ("Status", "status"), ("Total", "total"), ("Currency", "currency"),
            ("Created", "createdAt"), ("Updated", "updatedAt"), ("Rejected because", "rejectionReason"));
        if (!printer.Json)
        {
            printer.Table(order, order?["items"] as JsonArray, ("SKU", "sku"), ("NAME", "name"),
                ("PRICE", "unitPrice"), ("QTY", "quantity"), ("TOTAL", "lineTotal"));
        }
    }

    private static async Task<int> TransitionAsync(
        CliContext context, Guid order, string action, CancellationToken cancel)
    {
        var answer = await context.Api.SendAsync(HttpMethod.Post, $"api/orders/{order}/{action}", null, cancel);
        Print(context.Printer, answer.Body);
        return ExitCodes.Ok;
    }
}
