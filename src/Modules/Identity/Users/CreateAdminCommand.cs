using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Users;

/// <summary>
/// <c>create-admin --email a@b.c --password ... [--reset-existing]</c>: the way to get an administrator outside
/// Development. An email that already has an account is refused unless <c>--reset-existing</c> is given.
/// </summary>
internal static class CreateAdminCommand
{
    public const string Name = "create-admin";

    /// <summary>Runs the command; returns the process exit code (0 done, 1 refused or failed, 2 usage).</summary>
    public static async Task<int> RunAsync(IConfiguration arguments, IServiceProvider services)
    {
        // WebApplication.CreateBuilder(args) turns "--email x" into the configuration key "email".
        var email = arguments["email"];
        var password = arguments["password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync(
                "Usage: create-admin --email <email> --password <password> [--reset-existing]");
            return 2;
        }

        // The Host turns a bare "--reset-existing" into "--reset-existing=true" (CommandLineSwitches.WithValues).
        var resetExisting = arguments.GetValue<bool>("reset-existing");
        await using var scope = services.CreateAsyncScope();
        var (outcome, result) = await scope.ServiceProvider.GetRequiredService<Administrators>()
            .EnsureAdminAsync(email.Trim(), password, resetExisting);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync(
                $"Could not create the administrator: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            return 1;
        }

        Console.WriteLine(outcome == AdminOutcome.Created
            ? $"Administrator {email} created."
            : $"{email} existed: it now has the given password, its sessions and tokens are revoked, and it is an " +
                "administrator.");
        return 0;
    }
}
