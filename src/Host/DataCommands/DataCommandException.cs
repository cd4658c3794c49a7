namespace Host.DataCommands;

/// <summary>A refusal or a failure the operator can act on: printed as it is, with a non-zero exit.</summary>
internal sealed class DataCommandException(string message) : Exception(message);
