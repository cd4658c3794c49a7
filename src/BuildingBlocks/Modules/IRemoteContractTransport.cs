using Mediator;

namespace BuildingBlocks.Modules;

/// <summary>Carries a contract message to a module that runs in another process.</summary>
public interface IRemoteContractTransport
{
    ValueTask<TResponse> Send<TResponse>(
        string module,
        IRequest<TResponse> message,
        bool retryable,
        CancellationToken cancellationToken);
}
