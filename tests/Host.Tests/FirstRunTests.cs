using System.Diagnostics;
using ShopClient;
using TestSupport;

namespace Host.Tests;

/// <summary>What a newcomer sees first: <c>--help</c> lists the Host's commands without starting a server, and a
/// started Host says where to go.</summary>
public sealed class FirstRunTests
{
    private static readonly string[] HostCommands = ["migrate", "backup", "restore", "copy-data", "verify",
        "create-admin"];

    [Fact]
    public async Task Help_lists_the_commands_instead_of_starting_the_server()
    {
        var help = await RunHostAsync("--help");

        Assert.Equal(0, help.ExitCode);
        Assert.All(HostCommands, c => Assert.Contains($"  {c} ", help.Output, StringComparison.Ordinal));
        Assert.DoesNotContain("Now listening", help.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate", "migrate")]
    [InlineData("backup", "--out <dir>")]
    [InlineData("restore", "--from <dir>")]
    [InlineData("copy-data", "--to-provider")]
    [InlineData("verify", "verify")]
    [InlineData("create-admin", "--email <email> --password <password>")]
    public async Task Each_command_explains_itself_with_help(string command, string usage)
    {
        var help = await RunHostAsync(command, "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains($"Usage: dotnet run --project src/Host -- {command}", help.Output, StringComparison.Ordinal);
        Assert.Contains(usage, help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_started_Host_says_where_the_reference_health_and_admin_are_but_not_the_password()
    {
        var logs = new CapturedLogs();
        using var host = new ShopHost(configure: logs.AddTo);
        var site = host.BaseAddress.ToString().TrimEnd('/');

        var guide = await Eventually.Until(
            () => Task.FromResult(logs.Lines.FirstOrDefault(
                l => l.Contains("The shop is ready", StringComparison.Ordinal)) ?? ""),
            line => line.Length > 0,
            TimeSpan.FromSeconds(30),
            "the Host's first-run guide");

        Assert.Contains($"{site}/scalar", guide, StringComparison.Ordinal);
        Assert.Contains($"{site}/health/ready", guide, StringComparison.Ordinal);
        Assert.Contains("admin@example.com", guide, StringComparison.Ordinal);
        Assert.Contains("Identity:Admin:Password in appsettings.Development.json", guide, StringComparison.Ordinal);
        Assert.DoesNotContain("Admin#2026dev", string.Join('\n', logs.Lines), StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunHostAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The Host did not exit: it started instead. {await output}");
        }

        return (process.ExitCode, await output + await error);
    }
}
