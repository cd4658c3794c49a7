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
        services.AddSingleton<ContractRoutes>();
        services.AddScoped<IModuleClient, ModuleClient>();
        return services;
    }
}

internal sealed class ModuleClient(ISender sender, ContractRoutes routes, IServiceProvider services, IRemoteContractTransport? remote = null) : IModuleClient
{
    public ValueTask<TResponse> Query<TResponse>(IContractQuery<TResponse> query, CancellationToken cancellationToken = default) =>
        Dispatch(query, retryable: true, cancellationToken);

    public ValueTask<TResponse> Send<TResponse>(IContractCommand<TResponse> command, CancellationToken cancellationToken = default) =>
        Dispatch(command, retryable: command is IIdempotentCommand, cancellationToken);

    private ValueTask<TResponse> Dispatch<TResponse>(IRequest<TResponse> message, bool retryable, CancellationToken cancellationToken)
    {
        var route = routes.For(message.GetType(), typeof(TResponse));
        if (route.InProcess)
        {
            return ((InProcessDispatcher<TResponse>)route.Dispatcher).Send(services, sender, message, cancellationToken);
        }

        return remote is null
            ? throw new ModuleUnavailableException(route.Owner)
            : remote.Send(route.Owner, message, retryable, cancellationToken);
    }
}

/// <summary>
/// Per container (a singleton): where each contract type's owner runs and how to hand it over in-process.
/// Neither changes while the container lives, so both are decided once per message type.
/// </summary>
internal sealed class ContractRoutes(EnabledModules modules)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Route> _routes = new();

    public Route For(Type messageType, Type responseType) =>
        _routes.TryGetValue(messageType, out var route) ? route : _routes.GetOrAdd(messageType, Create(messageType, responseType));

    private Route Create(Type messageType, Type responseType)
    {
        var owner = EnabledModules.OwnerOf(messageType);
        return new Route(owner, modules.IsEnabled(owner),
            Activator.CreateInstance(typeof(InProcessDispatcher<,>).MakeGenericType(messageType, responseType))!);
    }

    internal sealed record Route(string Owner, bool InProcess, object Dispatcher);
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
    private const int Undecided = 0, Direct = 1, ThroughMediator = 2;

    // Decided on the first call (from the caller's scope) and kept: the registrations of the container this
    // dispatcher belongs to (handlers, behaviors, validators) do not change after it is built.
    private int _mode;

    public override ValueTask<TResponse> Send(IServiceProvider services, ISender sender, IRequest<TResponse> message, CancellationToken cancellationToken)
    {
        var mode = _mode;
        if (mode == Undecided)
        {
            _mode = mode = Decide(services);
        }

        return mode == Direct
            ? ((IRequestHandler<TRequest, TResponse>)services.GetService(typeof(IRequestHandler<TRequest, TResponse>))!).Handle((TRequest)message, cancellationToken)
            : sender.Send(message, cancellationToken);
    }

    private static int Decide(IServiceProvider services)
    {
        if (services.GetService(typeof(IRequestHandler<TRequest, TResponse>)) is not IRequestHandler<TRequest, TResponse>
            || services.GetService(typeof(IEnumerable<IPipelineBehavior<TRequest, TResponse>>)) is not IEnumerable<IPipelineBehavior<TRequest, TResponse>> behaviors)
        {
            return ThroughMediator;
        }

        foreach (var behavior in behaviors)
        {
            if (behavior is not Validation.ValidationBehavior<TRequest, TResponse> { HasValidators: false })
            {
                return ThroughMediator;
            }
        }

        return Direct;
    }
}

/// <summary>The module that owns a contract could not be reached: not in this process and no transport, or its process did not answer.</summary>
public sealed class ModuleUnavailableException(string module, string? reason = null, Exception? innerException = null)
    : Exception($"Module '{module}' is not reachable: {reason ?? "it does not run in this process and no remote transport is configured"}.", innerException)
{
    public string Module { get; } = module;
}
