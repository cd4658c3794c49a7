using System.Diagnostics;
using BuildingBlocks.Persistence;

namespace Host.DataCommands;

/// <summary>
/// The data commands of the Host's command line (docs/operations.md, "Growing up"). They act on the databases the
/// configuration names, like <c>migrate</c>:
/// <code>
/// backup     --out &lt;dir&gt;
/// restore    --from &lt;dir&gt; [--force]
/// copy-data  --to-provider &lt;Sqlite|Postgres|SqlServer&gt; --to-connection &lt;connection string&gt;
///            [--module &lt;Module&gt;] [--force]
/// verify
/// </code>
/// </summary>
internal static class DataCommandLine
{
    public const string Usage =
        "backup --out <dir>; restore --from <dir> [--force]; " +
        "copy-data --to-provider <Sqlite|Postgres|SqlServer> --to-connection <connection string> [--module <Module>] " +
            "[--force]; verify";

    private static readonly Dictionary<string, (string[] Options, string[] Flags)> Syntax = new()
    {
        ["backup"] = (["out"], []),
        ["restore"] = (["from"], ["force"]),
        ["copy-data"] = (["to-provider", "to-connection", "module"], ["force"]),
        ["verify"] = ([], []),
    };

    public static bool Handles(string command) => Syntax.ContainsKey(command);

    public static async Task<int> RunAsync(WebApplication app, string command, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var arguments = Parse(command, CommandArguments(command));
            var databases = app.Services.GetServices<ModuleDatabase>().ToList();
            var output = Console.Out;
            var result = command switch
            {
                "backup" => await BackupCommand.RunAsync(
                    app.Services,
                    databases,
                    arguments.Required("out"),
                    output,
                    cancellationToken),
                "restore" => await RestoreCommand.RunAsync(
                    app.Services, databases, arguments.Required("from"), arguments.Has(
                        "force"), output, cancellationToken),
                "copy-data" => await CopyDataCommand.RunAsync(
                    app.Services, databases,
                    new CopyDataCommand.Target(
                        ParseProvider(arguments.Required("to-provider")), arguments.Required("to-connection"),
                        arguments.Optional("module"), arguments.Has("force")),
                    output, cancellationToken),
                _ => await VerifyCommand.RunAsync(app.Services, databases, output, cancellationToken),
            };
            await output.WriteLineAsync($"{command} took {clock.Elapsed.TotalSeconds:0.0} s.");
            return result;
        }
        catch (Exception ex) when (ex is DataCommandException or IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be made or read (a file in its way, no permission) is the operator's input too.
            await Console.Error.WriteLineAsync($"{command} failed: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"{command} was cancelled.");
            return 130;
        }
    }

    /// <summary>What follows the command on the process's command line (the Host keeps only the verb).</summary>
    private static string[] CommandArguments(string command)
    {
        var all = Environment.GetCommandLineArgs();
        var at = Array.IndexOf(all, command);
        return at < 0 ? [] : all[(at + 1)..];
    }

    private static Arguments Parse(string command, string[] tokens)
    {
        var (options, flags) = Syntax[command];
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tokens.Length; i++)
        {
            var name = tokens[i].StartsWith("--", StringComparison.Ordinal) ? tokens[i][2..] : null;
            if (name is not null && flags.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                set.Add(name);
            }
            else if (name is not null && options.Contains(name, StringComparer.OrdinalIgnoreCase)
                && i + 1 < tokens.Length)
            {
                values[name] = tokens[++i];
            }
            else if (name is not null && name.Contains('=', StringComparison.Ordinal))
            {
                // --Section:Key=value: configuration, read by the Host itself.
            }
            else if (name is not null && name.Contains(':', StringComparison.Ordinal) && i + 1 < tokens.Length)
            {
                i++; // --Section:Key value: configuration too.
            }
            else
            {
                throw new DataCommandException($"unexpected '{tokens[i]}'. Usage: {Usage}");
            }
        }

        return new Arguments(values, set);
    }

    private static DatabaseProvider ParseProvider(string name) =>
        Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new DataCommandException(
                $"--to-provider {name} is not one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");

    private sealed record Arguments(Dictionary<string, string> Values, HashSet<string> Flags)
    {
        public string Required(string name) =>
            Values.TryGetValue(name, out var value) && value.Length > 0
                ? value
                : throw new DataCommandException($"--{name} is required. Usage: {Usage}");

        public string? Optional(string name) => Values.GetValueOrDefault(name);

        public bool Has(string name) => Flags.Contains(name);
    }
}
