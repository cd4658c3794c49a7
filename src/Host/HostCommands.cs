using BuildingBlocks.Modules;
using BuildingBlocks.Persistence;

namespace Host;

/// <summary>The Host's command line: <c>migrate</c>, and the commands modules add (<c>create-admin</c>).</summary>
internal static class HostCommands
{
    public static async Task<int> RunAsync(WebApplication app, string command, IReadOnlyList<IModule> modules)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

        if (command == "migrate")
        {
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancel.Token);
            Console.WriteLine("Migrations applied.");
            return 0;
        }

        foreach (var module in modules)
        {
            if (await module.TryRunCommandAsync(command, app.Configuration, app.Services, cancel.Token))
            {
                return Environment.ExitCode;
            }
        }

        await Console.Error.WriteLineAsync($"Unknown command '{command}'. Commands: migrate, create-admin --email <email> --password <password> [--reset-existing].");
        return 2;
    }
}
