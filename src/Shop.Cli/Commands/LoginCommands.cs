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
            var device = await context.OAuth.StartDeviceAuthorizationAsync(cancel);
            var code = device["user_code"]!.GetValue<string>();
            var page = device["verification_uri"]!.GetValue<string>();
            var complete = device["verification_uri_complete"]?.GetValue<string>() ?? page;
            // Always printed, also with --output json: the user must see where to go.
            var output = context.Printer.Json ? Console.Error : Console.Out;
            await output.WriteLineAsync($"To sign in, open {complete}");
            await output.WriteLineAsync($"(or open {page} and enter the code {code}), then approve.");
            await output.FlushAsync(cancel);

            var tokens = await context.OAuth.WaitForApprovalAsync(
                device["device_code"]!.GetValue<string>(),
                TimeSpan.FromSeconds(device["interval"]?.GetValue<int>() ?? 5),
                TimeSpan.FromSeconds(device["expires_in"]?.GetValue<int>() ?? 600),
                cancel);
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
