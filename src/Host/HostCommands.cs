using BuildingBlocks.Modules;
using BuildingBlocks.Persistence;

namespace Host;

/// <summary>
/// The Host's command line: <c>migrate</c>, the data commands (<see cref="DataCommands.DataCommandLine"/>), and the
/// commands modules add (<c>create-admin</c>).
/// </summary>
internal static class HostCommands
{
    public static async Task<int> RunAsync(
        WebApplication app, string command, IReadOnlyList<IModule> modules, string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

        if (command == "migrate")
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancel.Token);
            Console.WriteLine("Migrations applied.");
            return 0;
        }

        if (command == "dead-letters")
        {
            return await Admin.DeadLetterCommands.RunAsync(app.Services, args, cancel.Token);
        }

        if (DataCommands.DataCommandLine.Handles(command))
        {
            return await DataCommands.DataCommandLine.RunAsync(app, command, cancel.Token);
        }

        foreach (var module in modules)
        {
            if (await module.TryRunCommandAsync(command, app.Configuration, app.Services, cancel.Token))
            {
                return Environment.ExitCode;
            }
        }

        await Console.Error.WriteLineAsync(
            $"Unknown command '{command}'. Commands: migrate, {DataCommands.DataCommandLine.Usage}, "
            + $"{Admin.DeadLetterCommands.Usage}, "
            + "create-admin --email <email> --password <password> [--reset-existing].");
        return 2;
    }
}
