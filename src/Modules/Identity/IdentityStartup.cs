using Identity.Clients;
using Identity.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Identity;

/// <summary>At every start (after migrations): the roles exist and the OAuth clients match the configuration.</summary>
internal sealed class IdentityStartup(IServiceScopeFactory scopes, IOptions<IdentitySettings> settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Administrators>().EnsureRolesAsync();
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
            .SynchronizeAsync(settings.Value.Clients, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
