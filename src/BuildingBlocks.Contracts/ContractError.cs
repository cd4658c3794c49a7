namespace BuildingBlocks.Contracts;

/// <summary>Why a contract call was refused. Codes are stable strings so they survive a process boundary.</summary>
public sealed record ContractError(string Code, string Message, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static ContractError NotFound(string message) => new(ErrorCodes.NotFound, message);
    public static ContractError Conflict(string message) => new(ErrorCodes.Conflict, message);
    public static ContractError PreconditionFailed(string message) => new(ErrorCodes.PreconditionFailed, message);
    public static ContractError Invalid(string field, string message) =>
        new(ErrorCodes.Validation, message, new Dictionary<string, string[]> { [field] = [message] });
}
