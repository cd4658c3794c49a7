using System.CommandLine;

namespace Shop.Cli.Commands;

/// <summary><c>shop stock adjust</c> (admins).</summary>
internal static class StockCommands
{
    public static Command Create()
    {
        var product = new Argument<string>("product") { Description = "The product's id or SKU." };
        var delta = new Option<int>("--delta")
        {
            Required = true,
            Description = "Units to add (negative: to take away, e.g. --delta=-5). Stock never goes below 0.",
        };
        var adjust = new Command("adjust", "Admin: add or take away units of stock.") { product, delta };
        Run.Action(adjust, async (parse, context, cancel) =>
        {
            var id = await ProductLookup.IdAsync(context.Api, parse.GetValue(product)!, cancel);
            var answer = await context.Api.SendAsync(HttpMethod.Post, $"api/catalog/products/{id}/stock-adjustments",
                new { delta = parse.GetValue(delta) }, cancel);
            ProductCommands.PrintProduct(context.Printer, answer.Body);
            return ExitCodes.Ok;
        });
        return new Command("stock", "Admin: the catalog's stock.") { adjust };
    }
}
