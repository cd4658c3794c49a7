using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildingBlocks.Modules;

/// <summary>
/// A business module: it registers its own services (DbContext, handlers, background work) and maps
/// its own endpoints. The Host calls these only for modules listed in <c>Modules:Enabled</c>.
/// </summary>
public interface IModule
{
    /// <summary>Short name, also the prefix of its Contracts assembly (<c>Catalog</c> owns
    /// <c>Catalog.Contracts</c>).</summary>
    string Name { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment);

    void MapEndpoints(IEndpointRouteBuilder endpoints);

    /// <summary>
    /// The integration events this module handles, and by which handler:
    /// <c>events.Subscribe&lt;OrderPlaced, ReserveStockForOrder&gt;()</c>. Asked of every module the Host knows, running
    /// here or not: it decides which modules' inboxes an event goes into and which events go to the broker.
    /// </summary>
    void Subscribe(Messaging.EventSubscriptions events)
    {
    }

    /// <summary>Development data, run after migrations when <c>Database:Seed</c> is on.</summary>
    Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A command of the Host's command line (<c>dotnet run --project src/Host -- create-admin ...</c>) that
    /// this module implements. Returns false when the command is not this module's.
    /// </summary>
    Task<bool> TryRunCommandAsync(
        string command,
        IConfiguration arguments,
        IServiceProvider services,
        CancellationToken cancellationToken) =>
        Task.FromResult(false);
}
