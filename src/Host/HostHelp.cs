namespace Host;

/// <summary><c>--help</c>: the Host's commands, instead of starting the server; <c>&lt;command&gt; --help</c>: that
/// command's usage.</summary>
internal static class HostHelp
{
    private static readonly (string Name, string Usage, string What)[] Commands =
    [
        ("(none)", "dotnet run --project src/Host [-- --urls http://localhost:5080]",
            "Serves the shop (migrates and, in Development, seeds first)."),
        ("migrate", "migrate", "Applies every enabled module's database migrations, then exits."),
        ("backup", "backup --out <dir>", "Writes a provider-neutral backup of every module's data into <dir>."),
        ("restore", "restore --from <dir> [--force]",
            "Restores a backup into this Host's databases (--force: over existing data)."),
        ("copy-data", "copy-data --to-provider <Sqlite|Postgres|SqlServer> --to-connection <connection string> " +
            "[--module <Module>] [--force]", "Copies the data to another database (SQLite <-> PostgreSQL)."),
        ("verify", "verify", "Checks the cross-module invariants (stock, orders, outboxes) and reports."),
        ("create-admin", "create-admin --email <email> --password <password> [--reset-existing]",
            "Creates an administrator (outside Development, the way to get one)."),
    ];

    private static readonly string[] HelpSwitches = ["--help", "-h", "-?"];

    /// <summary>Prints help and returns true when the arguments ask for it.</summary>
    public static bool TryPrint(string[] args, TextWriter output)
    {
        if (args.Length == 0 || !args.Any(a => HelpSwitches.Contains(a, StringComparer.Ordinal)))
        {
            return false;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command.Name is not null)
        {
            output.WriteLine($"Usage: dotnet run --project src/Host -- {command.Usage}");
            output.WriteLine();
            output.WriteLine(command.What);
            output.WriteLine("Configuration (Database:*, ConnectionStrings:*, Modules:*) comes from appsettings, the " +
                "environment and --Key=value arguments: docs/operations.md.");
            return true;
        }

        output.WriteLine("The shop's Host: serves the shop, or runs one command and exits.");
        output.WriteLine();
        output.WriteLine("Usage: dotnet run --project src/Host -- [command] [options]");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (var (name, _, what) in Commands.Skip(1))
        {
            output.WriteLine($"  {name,-13} {what}");
        }

        output.WriteLine();
        output.WriteLine("'<command> --help' shows a command's options. Without a command the Host serves the shop.");
        output.WriteLine("Operations, configuration and topologies: docs/operations.md.");
        return true;
    }
}
