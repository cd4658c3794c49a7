using Mediator;

namespace BuildingBlocks.Contracts;

/// <summary>A read-only question to another module. Safe to retry.</summary>
public interface IContractQuery<TResponse> : IRequest<TResponse>;

/// <summary>A state change requested of another module.</summary>
public interface IContractCommand<TResponse> : IRequest<TResponse>;

/// <summary>A command that carries its own deduplication key, so retrying it is safe.</summary>
public interface IIdempotentCommand
{
    string IdempotencyKey { get; }
}

/// <summary>A fact a module publishes after committing it. Delivered at least once; subscribers dedupe.</summary>
public interface IIntegrationEvent;
