namespace BuildingBlocks.Modules;

/// <summary>Switches of the Host's commands (<c>create-admin --reset-existing</c>).</summary>
public static class CommandLineSwitches
{
    /// <summary>
    /// Command-line configuration reads <c>--flag --email x</c> as flag = "--email": a bare switch gets "=true" so
    /// that it is a switch, and the next option keeps its own value.
    /// </summary>
    public static string[] WithValues(string[] args, params string[] switches) =>
        [.. args.Select((arg, i) => switches.Contains(arg, StringComparer.Ordinal) &&
                                    (i == args.Length - 1 || args[i + 1].StartsWith('-'))
            ? arg + "=true"
            : arg)];
}
