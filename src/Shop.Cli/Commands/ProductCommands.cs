using System.CommandLine;
using System.Text.Json.Nodes;
using Shop.Cli.Output;

namespace Shop.Cli.Commands;

/// <summary><c>shop products list|search|show</c> (anyone) and <c>create|update|delete</c> (admins).</summary>
internal static class ProductCommands
{
    private static readonly (string, string)[] Columns =
        [("ID", "id"), ("SKU", "sku"), ("NAME", "name"), ("PRICE", "unitPrice"), ("CURRENCY", "currency"),
         ("STOCK", "availableStock")];

    public static Command Create()
    {
        var products = new Command("products", "Browse the catalog; admins also create, update and delete.");
        var page = new Option<int>("--page") { Description = "Page number (from 1).", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "Items per page (1..100).",
            DefaultValueFactory = _ => 20 };

        var list = new Command("list", "List the products, a page at a time.") { page, pageSize };
        Run.Action(list, (parse, context, cancel) => ListAsync(context, null, parse.GetValue(page),
            parse.GetValue(pageSize), cancel));

        var term = new Argument<string>("text") { Description = "Words in the name or SKU." };
        var search = new Command("search", "Find products by name or SKU.") { term, page, pageSize };
        Run.Action(search, (parse, context, cancel) => ListAsync(context, parse.GetValue(term), parse.GetValue(page),
            parse.GetValue(pageSize), cancel));

        var product = new Argument<string>("product") { Description = "The product's id or SKU." };
        var show = new Command("show", "One product.") { product };
        Run.Action(show, async (parse, context, cancel) =>
        {
            var id = await ProductLookup.IdAsync(context.Api, parse.GetValue(product)!, cancel);
            var answer = await context.Api.GetAsync($"api/catalog/products/{id}", cancel, anonymous: true);
            PrintProduct(context.Printer, answer.Body);
            return ExitCodes.Ok;
        });

        products.Add(list);
        products.Add(search);
        products.Add(show);
        products.Add(CreateCommand());
        products.Add(UpdateCommand(product));
        products.Add(DeleteCommand(product));
        return products;
    }

    public static void PrintProduct(Printer printer, JsonNode? product) => printer.Record(product,
        ("Id", "id"), ("SKU", "sku"), ("Name", "name"), ("Description", "description"), ("Price", "unitPrice"),
        ("Currency", "currency"), ("Stock", "availableStock"));

    private static async Task<int> ListAsync(
        CliContext context, string? search, int page, int pageSize, CancellationToken cancel)
    {
        var query = $"api/catalog/products?page={page}&pageSize={pageSize}" +
            (search is null ? "" : "&search=" + Uri.EscapeDataString(search));
        var answer = await context.Api.GetAsync(query, cancel, anonymous: true);
        context.Printer.Table(answer.Body, answer.Body?["items"] as JsonArray, Columns);
        context.Printer.Line($"Page {answer.Body?["page"]} of {TotalPages(answer.Body)}; " +
            $"{answer.Body?["totalCount"]} products.");
        return ExitCodes.Ok;
    }

    private static int TotalPages(JsonNode? body)
    {
        var total = body?["totalCount"]?.GetValue<int>() ?? 0;
        var size = Math.Max(1, body?["pageSize"]?.GetValue<int>() ?? 1);
        return Math.Max(1, (total + size - 1) / size);
    }

    private static Command CreateCommand()
    {
        var sku = new Option<string>("--sku") { Required = true, Description = "1..32 of A-Z, 0-9 and -." };
        var name = new Option<string>("--name") { Required = true };
        var description = new Option<string>("--description") { DefaultValueFactory = _ => "" };
        var price = new Option<decimal>("--price") { Required = true, Description = "The unit price." };
        var stock = new Option<int>("--stock") { DefaultValueFactory = _ => 0, Description = "Units in stock." };
        var create = new Command("create", "Admin: add a product.") { sku, name, description, price, stock };
        Run.Action(create, async (parse, context, cancel) =>
        {
            var answer = await context.Api.SendAsync(HttpMethod.Post, "api/catalog/products", new
            {
                sku = parse.GetValue(sku),
                name = parse.GetValue(name),
                description = parse.GetValue(description),
                unitPrice = parse.GetValue(price),
                stock = parse.GetValue(stock),
            }, cancel);
            PrintProduct(context.Printer, answer.Body);
            return ExitCodes.Ok;
        });
        return create;
    }

    private static Command UpdateCommand(Argument<string> product)
    {
        var sku = new Option<string?>("--sku");
        var name = new Option<string?>("--name");
        var description = new Option<string?>("--description");
        var price = new Option<decimal?>("--price");
        var update = new Command("update", "Admin: change a product (only the fields given).")
        {
            product, sku, name, description, price,
        };
        Run.Action(update, async (parse, context, cancel) =>
        {
            var id = await ProductLookup.IdAsync(context.Api, parse.GetValue(product)!, cancel);
            // The current version and its ETag: the PUT carries If-Match, so a concurrent change is a 412, not lost.
            var current = await context.Api.GetAsync($"api/catalog/products/{id}", cancel, anonymous: true);
            var headers = new Dictionary<string, string> { ["If-Match"] = current.ETag?.ToString() ?? "*" };
            var answer = await context.Api.SendAsync(HttpMethod.Put, $"api/catalog/products/{id}", new
            {
                sku = parse.GetValue(sku) ?? current.Body?["sku"]?.GetValue<string>(),
                name = parse.GetValue(name) ?? current.Body?["name"]?.GetValue<string>(),
                description = parse.GetValue(description) ?? current.Body?["description"]?.GetValue<string>(),
                unitPrice = parse.GetValue(price) ?? current.Body?["unitPrice"]?.GetValue<decimal>(),
            }, cancel, headers);
            PrintProduct(context.Printer, answer.Body);
            return ExitCodes.Ok;
        });
        return update;
    }

    private static Command DeleteCommand(Argument<string> product)
    {
        var delete = new Command("delete", "Admin: remove a product from the catalog.") { product };
        Run.Action(delete, async (parse, context, cancel) =>
        {
            var id = await ProductLookup.IdAsync(context.Api, parse.GetValue(product)!, cancel);
            await context.Api.SendAsync(HttpMethod.Delete, $"api/catalog/products/{id}", null, cancel);
            context.Printer.Line($"Deleted product {id}.");
            if (context.Printer.Json)
            {
                context.Printer.Raw(new JsonObject { ["deleted"] = id.ToString() });
            }

            return ExitCodes.Ok;
        });
        return delete;
    }
}
