using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// The <c>shop</c> command-line client (src/Shop.Cli) run as a process, as a user runs it: its own token folder
/// (<c>SHOP_CONFIG_DIR</c>), the shop's address (<c>--url</c>) and, behind the gateway, its certificate
/// (<c>SHOP_CA</c>).
/// </summary>
internal sealed class ShopCli(Uri shop, string? certificate) : IDisposable
{
    public string ConfigDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "shop-e2e", "cli-" + Guid.NewGuid().ToString("N"));

    public string TokenFile => Path.Combine(ConfigDirectory, "tokens.json");

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public JsonNode Json => JsonNode.Parse(Output)
            ?? throw new InvalidOperationException($"No JSON in: {Output}");

        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }

    public async Task<Result> RunAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary><c>shop login</c>: hands the verification address it prints to <paramref name="approve"/> (the user
    /// at the browser), then waits for the CLI to finish.</summary>
    public async Task<Result> LoginAsync(Func<Uri, Task> approve)
    {
        using var process = Start(["login"]);
        var output = new StringBuilder();
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                address.TrySetException(new InvalidOperationException($"shop login printed no address: {output}"));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            const string prefix = "To sign in, open ";
            if (e.Data.StartsWith(prefix, StringComparison.Ordinal))
            {
                address.TrySetResult(new Uri(e.Data[prefix.Length..].Trim()));
            }
        };
        process.BeginOutputReadLine();
        var error = process.StandardError.ReadToEndAsync();

        await approve(await address.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString(), error.Result);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(ConfigDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private Process Start(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Repository.Binary("Shop.Cli"));
        info.ArgumentList.Add("--url");
        info.ArgumentList.Add(shop.ToString());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SHOP_CONFIG_DIR"] = ConfigDirectory;
        info.Environment.Remove("SHOP_URL");
        if (certificate is null)
        {
            info.Environment.Remove("SHOP_CA");
        }
        else
        {
            info.Environment["SHOP_CA"] = certificate;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }
}
