using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Users;

/// <summary><c>create-admin --email a@b.c --password ...</c>: the way to get an administrator outside
/// Development.</summary>
internal static class CreateAdminCommand
{
    public const string Name = "create-admin";

    public static async Task RunAsync(IConfiguration arguments, IServiceProvider services)
    {
        // WebApplication.CreateBuilder(args) turns "--email x" into the configuration key "email".
        var email = arguments["email"];
        var password = arguments["password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("Usage: create-admin --email <email> --password <password>");
            Environment.Exit(2);
        }

        await using var scope = services.CreateAsyncScope();
        var (created, result) = await scope.ServiceProvider.GetRequiredService<Administrators>()
            .EnsureAdminAsync(email.Trim(), password);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync(
                $"Could not create the administrator: {string.Join(" ", result.Errors.Select(e => e.Description))}");

            // The Host's command runner only knows "handled"; a failed command must still fail the process.
            Environment.Exit(1);
        }

        Console.WriteLine(created
            ? $"Administrator {email} created."
            : $"{email} already existed and is now an administrator (password unchanged).");
    }
}
