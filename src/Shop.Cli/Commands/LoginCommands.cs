using System.CommandLine;
using System.Text.Json.Nodes;

namespace Shop.Cli.Commands;

/// <summary><c>shop login</c> (the device authorization grant, RFC 8628) and <c>shop logout</c>.</summary>
internal static class LoginCommands
{
    public static IEnumerable<Command> Create()
    {
        var login = new Command("login", "Sign in: open the address shown, sign in there and approve the code.");
        Run.Action(login, async (_, context, cancel) =>
        {
            var tokens = await context.OAuth.SignInAsync(async (device, token) =>
            {
                // Always printed, also with --output json: the user must see where to go.
                var output = context.Printer.Json ? Console.Error : Console.Out;
                var page = device.VerificationUriComplete ?? device.VerificationUri;
                await output.WriteLineAsync($"To sign in, open {page}");
                await output.WriteLineAsync(
                    $"(or open {device.VerificationUri} and enter the code {device.UserCode}), then approve.");
                await output.FlushAsync(token);
            }, cancel);
            context.Store.Save(context.Shop, tokens);
            context.Printer.Line($"Signed in to {context.Shop} (scopes: {tokens.Scope}).");
            if (context.Printer.Json)
            {
                context.Printer.Raw(new JsonObject { ["shop"] = context.Shop.ToString(), ["scope"] = tokens.Scope });
            }

            return ExitCodes.Ok;
        });

        var logout = new Command("logout", "Sign out: revoke the stored tokens and forget them.");
        Run.Action(logout, async (_, context, cancel) =>
        {
            if (context.Store.Get(context.Shop) is { } tokens)
            {
                try
                {
                    // The refresh token first: revoking it ends what was issued from it.
                    await context.OAuth.RevokeAsync(tokens.RefreshToken ?? tokens.AccessToken, cancel);
                }
                catch (HttpRequestException)
                {
                    // Forgetting the tokens locally is what the user asked for; the server may be away.
                }
            }

            var removed = context.Store.Remove(context.Shop);
            context.Printer.Line(removed ? $"Signed out of {context.Shop}." : $"Not signed in to {context.Shop}.");
            return ExitCodes.Ok;
        });

        return [login, logout];
    }
}
