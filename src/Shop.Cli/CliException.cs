namespace Shop.Cli;

/// <summary>A failure with the message the user sees and the exit code a script sees.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
