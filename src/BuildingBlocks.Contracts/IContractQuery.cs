using Mediator;

namespace BuildingBlocks.Contracts;

/// <summary>A read-only question to another module. Safe to retry.</summary>
public interface IContractQuery<TResponse> : IRequest<TResponse>;
