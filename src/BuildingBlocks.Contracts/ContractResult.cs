using System.Diagnostics.CodeAnalysis;

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

public static class ErrorCodes
{
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string Validation = "validation";
    public const string PreconditionFailed = "precondition_failed";
    public const string Unavailable = "unavailable";
}

/// <summary>The answer of a contract call: a value, or a typed error. Never an exception across modules.</summary>
public sealed record ContractResult<T>
{
    public T? Value { get; init; }
    public ContractError? Error { get; init; }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Error is null;

    public static ContractResult<T> Ok(T value) => new() { Value = value };
    public static ContractResult<T> Fail(ContractError error) => new() { Error = error };

    public static implicit operator ContractResult<T>(T value) => Ok(value);
    public static implicit operator ContractResult<T>(ContractError error) => Fail(error);
}
