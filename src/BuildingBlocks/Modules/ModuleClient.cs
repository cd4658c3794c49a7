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

internal sealed class ModuleClient(ISender sender, EnabledModules modules, IRemoteContractTransport? remote = null) : IModuleClient
{
    // Where a contract type's owner runs never changes while the process runs: decide once per type.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> Owners = new();

    public ValueTask<TResponse> Query<TResponse>(IContractQuery<TResponse> query, CancellationToken cancellationToken = default) =>
        Route(query, retryable: true, cancellationToken);

    public ValueTask<TResponse> Send<TResponse>(IContractCommand<TResponse> command, CancellationToken cancellationToken = default) =>
        Route(command, retryable: command is IIdempotentCommand, cancellationToken);

    private ValueTask<TResponse> Route<TResponse>(IRequest<TResponse> message, bool retryable, CancellationToken cancellationToken)
    {
        var owner = Owners.GetOrAdd(message.GetType(), EnabledModules.OwnerOf);
        if (modules.IsEnabled(owner))
        {
            return sender.Send(message, cancellationToken);
        }

        return remote is null
            ? throw new ModuleUnavailableException(owner)
            : remote.Send(owner, message, retryable, cancellationToken);
    }
}

public sealed class ModuleUnavailableException(string module)
    : Exception($"Module '{module}' does not run in this process and no remote transport is configured.")
{
    public string Module { get; } = module;
}
