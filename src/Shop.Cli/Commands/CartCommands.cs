using System.CommandLine;
using System.Text.Json.Nodes;
using Shop.Cli.Output;

namespace Shop.Cli.Commands;

/// <summary><c>shop cart show|add|set|remove</c>: the signed-in customer's cart.</summary>
internal static class CartCommands
{
    public static Command Create()
    {
        var product = new Argument<string>("product") { Description = "The product's id or SKU." };
        var quantity = new Argument<int>("quantity") { Description = "Units (1..99; set accepts 0 to remove)." };

        var show = new Command("show", "What is in the cart.");
        Run.Action(show, async (_, context, cancel) =>
        {
            Print(context.Printer, (await context.Api.GetAsync("api/cart", cancel)).Body);
            return ExitCodes.Ok;
        });

        var addQuantity = new Argument<int>("quantity") { Description = "Units to add.", DefaultValueFactory = _ => 1 };
        var add = new Command("add", "Add units of a product (to the line already there).") { product, addQuantity };
        Run.Action(add, async (parse, context, cancel) =>
        {
            var id = await ProductLookup.IdAsync(context.Api, parse.GetValue(product)!, cancel);
            var answer = await context.Api.SendAsync(HttpMethod.Post, "api/cart/items",
                new { productId = id, quantity = parse.GetValue(addQuantity) }, cancel);
            Print(context.Printer, answer.Body);
            return ExitCodes.Ok;
        });

        var set = new Command("set", "Set a line's quantity (0 removes it).") { product, quantity };
        Run.Action(set, async (parse, context, cancel) =>
        {
            var id = await ProductLookup.IdAsync(context.Api, parse.GetValue(product)!, cancel);
            var answer = await context.Api.SendAsync(HttpMethod.Put, $"api/cart/items/{id}",
                new { quantity = parse.GetValue(quantity) }, cancel);
            Print(context.Printer, answer.Body);
            return ExitCodes.Ok;
        });

        var remove = new Command("remove", "Take a product out of the cart.") { product };
        Run.Action(remove, async (parse, context, cancel) =>
        {
            var id = await ProductLookup.IdAsync(context.Api, parse.GetValue(product)!, cancel);
            var answer = await context.Api.SendAsync(HttpMethod.Delete, $"api/cart/items/{id}", null, cancel);
            Print(context.Printer, answer.Body);
            return ExitCodes.Ok;
        });

        return new Command("cart", "Your cart (needs shop login).") { show, add, set, remove };
    }

    public static void Print(Printer printer, JsonNode? cart)
    {
        printer.Table(cart, cart?["items"] as JsonArray, ("PRODUCT", "productId"), ("SKU", "sku"), ("NAME", "name"),
            ("PRICE", "unitPrice"), ("QTY", "quantity"), ("TOTAL", "lineTotal"));
        printer.Line($"{cart?["totalQuantity"]} items, total {cart?["total"]} {cart?["currency"]}");
    }
}
