namespace BuildingBlocks.Modules;

/// <summary>The module that owns a contract could not be reached: not in this process and no transport, or its process
/// did not answer.</summary>
public sealed class ModuleUnavailableException(string module, string? reason = null, Exception? innerException = null)
    : Exception(
        $"Module '{module}' is not reachable: "
        + $"{reason ?? "it does not run in this process and no remote transport is configured"}.",
        innerException)
{
    public string Module { get; } = module;
}
