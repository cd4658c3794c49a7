using System.CommandLine;
using Shop.Cli;
using Shop.Cli.Commands;

var root = new RootCommand("shop: the shop's command-line client. Exit codes: docs/cli.md.")
{
    GlobalOptions.Url, GlobalOptions.Output, GlobalOptions.Ca,
};
foreach (var command in LoginCommands.Create())
{
    root.Add(command);
}

root.Add(ProductCommands.Create());
root.Add(StockCommands.Create());
root.Add(CartCommands.Create());
root.Add(CheckoutCommand.Create());
root.Add(OrderCommands.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // System.CommandLine answers a usage error with 1; scripts get the documented 2.
    await parse.InvokeAsync();
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
