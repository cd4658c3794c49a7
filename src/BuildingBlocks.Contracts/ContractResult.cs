using System.Diagnostics.CodeAnalysis;

namespace BuildingBlocks.Contracts;

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
