using BuildingBlocks.Contracts;
using Mediator;

namespace BuildingBlocks.Modules;

/// <summary>
/// <see cref="IModuleClient"/> for one scope: a message whose owner runs in this process goes to its handler
/// through <see cref="InProcessDispatcher{TResponse}"/>, any other to the remote transport
/// (<see cref="HttpContractTransport"/>).
/// </summary>
internal sealed class ModuleClient(
    ISender sender,
    ContractRoutes routes,
    IServiceProvider services,
    IRemoteContractTransport? remote = null) : IModuleClient
{
    public ValueTask<TResponse> Query<TResponse>(
        IContractQuery<TResponse> query,
        CancellationToken cancellationToken = default) =>
        Dispatch(query, retryable: true, cancellationToken);

    public ValueTask<TResponse> Send<TResponse>(
        IContractCommand<TResponse> command,
        CancellationToken cancellationToken = default) =>
        Dispatch(command, retryable: command is IIdempotentCommand, cancellationToken);

    private ValueTask<TResponse> Dispatch<TResponse>(
        IRequest<TResponse> message,
        bool retryable,
        CancellationToken cancellationToken)
    {
        var route = routes.For(message.GetType(), typeof(TResponse));
        if (route.InProcess)
        {
            return ((InProcessDispatcher<TResponse>)route.Dispatcher).Send(
                services,
                sender,
                message,
                cancellationToken);
        }

        return remote is null
            ? throw new ModuleUnavailableException(route.Owner)
            : remote.Send(route.Owner, message, retryable, cancellationToken);
    }
}
