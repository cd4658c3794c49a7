using BuildingBlocks.Persistence;
using Identity.Clients;
using Identity.Persistence;
using Identity.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Identity;

/// <summary>
/// At every start (after migrations): the roles exist and the OAuth clients match the configuration. Hosts that start
/// together on one server do it one at a time (<see cref="StartupLock"/>): each would otherwise add the same role or
/// client, or update a client another just updated, and stop.
/// </summary>
internal sealed class IdentityStartup(IServiceScopeFactory scopes, IOptions<IdentitySettings> settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await using var exclusive =
            await StartupLock.TakeAsync(db.Database, IdentityModule.ModuleName, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Administrators>().EnsureRolesAsync();
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
            .SynchronizeAsync(settings.Value.Clients, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
