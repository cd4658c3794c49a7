using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;

namespace Identity.Users;

/// <summary>What <see cref="Administrators.EnsureAdminAsync"/> did.</summary>
internal enum AdminOutcome
{
    Created,

    /// <summary>The account was an administrator already (a restart re-seeding): nothing changed.</summary>
    AlreadyAdmin,

    /// <summary>An existing account was taken over: new password, new security stamp, every grant revoked.</summary>
    Reset,

    /// <summary>The email belongs to an account and no reset was asked for: nothing changed.</summary>
    RefusedExisting,

    Failed,
}

/// <summary>
/// Creates the roles and administrator accounts. An email that already has an account is never promoted as it is:
/// anyone may have registered it first (account pre-hijacking), so only an explicit reset takes it over.
/// </summary>
internal sealed class Administrators(
    UserManager<ShopUser> users, RoleManager<ShopRole> roles, TimeProvider clock,
    IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens)
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

    /// <param name="resetExisting">Take over an existing account: set <paramref name="password"/>, reset its security
    /// stamp (ending its sign-in sessions) and revoke every authorization and token it holds.</param>
    /// <param name="acceptExistingAdmin">An account that is an administrator already is left as it is (seeding
    /// runs at every start); <c>create-admin</c> refuses it like any existing account.</param>
    public async Task<(AdminOutcome Outcome, IdentityResult Result)> EnsureAdminAsync(
        string email, string password, bool resetExisting, bool acceptExistingAdmin = false)
    {
        await EnsureRolesAsync();
        var user = await users.FindByEmailAsync(email);
        AdminOutcome outcome;
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
                return (AdminOutcome.Failed, result);
            }

            outcome = AdminOutcome.Created;
        }
        else if (resetExisting)
        {
            var result = await TakeOverAsync(user, password);
            if (!result.Succeeded)
            {
                return (AdminOutcome.Failed, result);
            }

            outcome = AdminOutcome.Reset;
        }
        else if (acceptExistingAdmin && await users.IsInRoleAsync(user, ShopRoles.Admin))
        {
            return (AdminOutcome.AlreadyAdmin, IdentityResult.Success);
        }
        else
        {
            return (AdminOutcome.RefusedExisting, IdentityResult.Failed(new IdentityError
            {
                Code = "AccountExists",
                Description = $"{email} already has an account; pass --reset-existing to take it over " +
                              "(new password, every session and token of the account revoked).",
            }));
        }

        foreach (var role in new[] { ShopRoles.Customer, ShopRoles.Admin })
        {
            if (!await users.IsInRoleAsync(user, role))
            {
                await users.AddToRoleAsync(user, role);
            }
        }

        return (outcome, IdentityResult.Success);
    }

    private async Task<IdentityResult> TakeOverAsync(ShopUser user, string password)
    {
        // Checked first, so that a refused password leaves the account as it was.
        foreach (var validator in users.PasswordValidators)
        {
            var valid = await validator.ValidateAsync(users, user, password);
            if (!valid.Succeeded)
            {
                return valid;
            }
        }

        var reset = await users.RemovePasswordAsync(user);
        reset = reset.Succeeded ? await users.AddPasswordAsync(user, password) : reset;
        reset = reset.Succeeded ? await users.UpdateSecurityStampAsync(user) : reset;
        if (!reset.Succeeded)
        {
            return reset;
        }

        // Whoever registered the email first may hold a lockout, a session, refresh tokens: none of it survives.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        var subject = user.Id.ToString();
        await foreach (var authorization in authorizations.FindBySubjectAsync(subject))
        {
            await authorizations.TryRevokeAsync(authorization);
        }

        await foreach (var token in tokens.FindBySubjectAsync(subject))
        {
            await tokens.TryRevokeAsync(token);
        }

        return IdentityResult.Success;
    }
}
