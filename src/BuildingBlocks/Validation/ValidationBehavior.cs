using BuildingBlocks.Contracts;
using FluentValidation;
using Mediator;

namespace BuildingBlocks.Validation;

/// <summary>
/// Validates every mediator message that has a validator, whichever module handles it. A message
/// answered with a <see cref="ContractResult{T}"/> gets a typed validation error (it may have come
/// from another process); any other message gets a <see cref="ValidationException"/> (a 400).
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : IMessage
{
    private static readonly Func<ContractError, TResponse>? Fail = CreateFail();

    // The container hands an array (empty when the message type has no validator): keep it as a
    // list so that a message without validators costs one length check, no enumerator, no state machine.
    private readonly IReadOnlyList<IValidator<TMessage>> _validators = validators as IReadOnlyList<IValidator<TMessage>>
        ?? [.. validators];

    /// <summary>False when no validator exists for the message type: the behavior then only calls the next
    /// step.</summary>
    public bool HasValidators => _validators.Count > 0;

    public ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken) =>
        _validators.Count == 0
            ? next(message, cancellationToken)
            : ValidateThenHandle(message, next, cancellationToken);

    private async ValueTask<TResponse> ValidateThenHandle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        for (var i = 0; i < _validators.Count; i++)
        {
            var result = await _validators[i].ValidateAsync(message, cancellationToken);
            if (!result.IsValid)
            {
                if (Fail is null)
                {
                    throw new ValidationException(result.Errors);
                }

                return Fail(new ContractError(
                    ErrorCodes.Validation,
                    "One or more validation errors occurred.",
                    result.ToErrorDictionary()));
            }
        }

        return await next(message, cancellationToken);
    }

    private static Func<ContractError, TResponse>? CreateFail()
    {
        var type = typeof(TResponse);
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(ContractResult<>))
        {
            return null;
        }

        var method = type.GetMethod(nameof(ContractResult<object>.Fail))!;
        return (Func<ContractError, TResponse>)Delegate.CreateDelegate(typeof(Func<ContractError, TResponse>), method);
    }
}
