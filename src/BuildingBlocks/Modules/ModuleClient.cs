using BuildingBlocks.Contracts;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Modules;

/// <summary>
/// The one way a module asks another module for something. Callers never know whether the owner
/// runs in this process (the mediator handles it) or in another one (a remote transport does).
/// </summary>
public interface IModuleClient
{
    ValueTask<TResponse> Query<TResponse>(IContractQuery<TResponse> query, CancellationToken cancellationToken = default);

    ValueTask<TResponse> Send<TResponse>(IContractCommand<TResponse> command, CancellationToken cancellationToken = default);
}

/// <summary>Carries a contract message to a module that runs in another process.</summary>
public interface IRemoteContractTransport
{
    ValueTask<TResponse> Send<TResponse>(string module, IRequest<TResponse> message, bool retryable, CancellationToken cancellationToken);
}

public static class ModuleClientRegistration
{
    /// <summary>Registers <see cref="IModuleClient"/>: in-process for enabled modules, the remote transport (if any) for the others.</summary>
    public static IServiceCollection AddModuleClient(this IServiceCollection services, IEnumerable<string> enabledModules)
    {
        services.AddSingleton(new EnabledModules(enabledModules));
        services.AddScoped<IModuleClient, ModuleClient>();
        return services;
    }
}

internal sealed class ModuleClient(ISender sender, EnabledModules modules, IServiceProvider services, IRemoteContractTransport? remote = null) : IModuleClient
{
    // Where a contract type's owner runs never changes while the process runs: decide once per type,
    // together with the typed in-process dispatcher for that message type.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Route> Routes = new();

    public ValueTask<TResponse> Query<TResponse>(IContractQuery<TResponse> query, CancellationToken cancellationToken = default) =>
        Dispatch(query, retryable: true, cancellationToken);

    public ValueTask<TResponse> Send<TResponse>(IContractCommand<TResponse> command, CancellationToken cancellationToken = default) =>
        Dispatch(command, retryable: command is IIdempotentCommand, cancellationToken);

    private ValueTask<TResponse> Dispatch<TResponse>(IRequest<TResponse> message, bool retryable, CancellationToken cancellationToken)
    {
        var type = message.GetType();
        if (!Routes.TryGetValue(type, out var route))
        {
            route = Routes.GetOrAdd(type, Route.Create(type, typeof(TResponse)));
        }

        if (modules.IsEnabled(route.Owner))
        {
            return ((InProcessDispatcher<TResponse>)route.Dispatcher).Send(services, sender, message, cancellationToken);
        }

        return remote is null
            ? throw new ModuleUnavailableException(route.Owner)
            : remote.Send(route.Owner, message, retryable, cancellationToken);
    }

    private sealed record Route(string Owner, object Dispatcher)
    {
        public static Route Create(Type messageType, Type responseType) =>
            new(EnabledModules.OwnerOf(messageType),
                Activator.CreateInstance(typeof(InProcessDispatcher<,>).MakeGenericType(messageType, responseType))!);
    }
}

/// <summary>
/// Hands an in-process contract message to its handler. The mediator composes the pipeline with
/// delegates on every call (with scoped handlers); when the only behavior in the pipeline is the
/// validation behavior and the message type has no validator, the pipeline does nothing, so the
/// handler is called straight away and the call allocates nothing. Anything else (validators, other
/// behaviors, another handler kind) goes through the mediator unchanged.
/// </summary>
internal abstract class InProcessDispatcher<TResponse>
{
    public abstract ValueTask<TResponse> Send(IServiceProvider services, ISender sender, IRequest<TResponse> message, CancellationToken cancellationToken);
}

internal sealed class InProcessDispatcher<TRequest, TResponse> : InProcessDispatcher<TResponse>
    where TRequest : IRequest<TResponse>
{
    public override ValueTask<TResponse> Send(IServiceProvider services, ISender sender, IRequest<TResponse> message, CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(IRequestHandler<TRequest, TResponse>)) is IRequestHandler<TRequest, TResponse> handler
            && services.GetService(typeof(IEnumerable<IPipelineBehavior<TRequest, TResponse>>)) is IPipelineBehavior<TRequest, TResponse>[] behaviors
            && IsPassThrough(behaviors))
        {
            return handler.Handle((TRequest)message, cancellationToken);
        }

        return sender.Send(message, cancellationToken);
    }

    private static bool IsPassThrough(IPipelineBehavior<TRequest, TResponse>[] behaviors)
    {
        foreach (var behavior in behaviors)
        {
            if (behavior is not Validation.ValidationBehavior<TRequest, TResponse> { HasValidators: false })
            {
                return false;
            }
        }

        return true;
    }
}

public sealed class ModuleUnavailableException(string module)
    : Exception($"Module '{module}' does not run in this process and no remote transport is configured.")
{
    public string Module { get; } = module;
}
