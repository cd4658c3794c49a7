using System.CommandLine;

namespace Shop.Cli.Commands;

/// <summary>Runs a command's body with its <see cref="CliContext"/> and turns every failure into a message on stderr
/// and an exit code (<see cref="ExitCodes"/>).</summary>
internal static class Run
{
    public static void Action(Command command, Func<ParseResult, CliContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancel) =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                using var context = CliContext.From(parse);
                return await body(parse, context, cancel);
            }
            catch (CliException failure)
            {
                await error.WriteLineAsync(failure.Message);
                return failure.ExitCode;
            }
            catch (HttpRequestException failure)
            {
                await error.WriteLineAsync($"Cannot reach the shop at {parse.GetValue(GlobalOptions.Url)}: " +
                    failure.Message);
                return ExitCodes.Unreachable;
            }
            catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
            {
                await error.WriteLineAsync($"The shop at {parse.GetValue(GlobalOptions.Url)} did not answer in time.");
                return ExitCodes.Unreachable;
            }
        });
}
