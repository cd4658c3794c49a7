using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;

namespace Identity.Users;

/// <summary>Creates the roles and administrator accounts; safe to run again (Host restarts on the same
/// database).</summary>
internal sealed class Administrators(UserManager<ShopUser> users, RoleManager<ShopRole> roles, TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in new[] { ShopRoles.Customer, ShopRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new ShopRole(role));
            }
        }
    }

    /// <summary>Creates the account as an admin, or makes an existing account an admin (its password is then left as it
    /// is).</summary>
    public async Task<(bool Created, IdentityResult Result)> EnsureAdminAsync(string email, string password)
    {
        await EnsureRolesAsync();
        var user = await users.FindByEmailAsync(email);
        var created = user is null;
        if (user is null)
        {
            user = new ShopUser
            {
                Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = "Administrator", CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                return (false, result);
            }
        }

        foreach (var role in new[] { ShopRoles.Customer, ShopRoles.Admin })
        {
            if (!await users.IsInRoleAsync(user, role))
            {
                await users.AddToRoleAsync(user, role);
            }
        }

        return (created, IdentityResult.Success);
    }
}
