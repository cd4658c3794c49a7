using BuildingBlocks.Contracts;

namespace BuildingBlocks.Modules;

/// <summary>
/// The one way a module asks another module for something. Callers never know whether the owner
/// runs in this process (the mediator handles it) or in another one (a remote transport does).
/// </summary>
public interface IModuleClient
{
    ValueTask<TResponse> Query<TResponse>(
        IContractQuery<TResponse> query,
        CancellationToken cancellationToken = default);

    ValueTask<TResponse> Send<TResponse>(
        IContractCommand<TResponse> command,
        CancellationToken cancellationToken = default);
}
