using Mediator;

namespace BuildingBlocks.Contracts;

/// <summary>A state change requested of another module.</summary>
public interface IContractCommand<TResponse> : IRequest<TResponse>;
