using Identity.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Identity.Security;

/// <summary>
/// A sign-in session lives only as long as the account's security stamp: resetting it (<c>create-admin
/// --reset-existing</c>) ends every session at once. Identity's own SecurityStampValidator also signs out of the
/// two-factor schemes, which this module does not register, so the check is done here, at every request.
/// </summary>
internal static class SessionStamp
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var users = services.GetRequiredService<UserManager<ShopUser>>();
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value
            .ClaimsIdentity.SecurityStampClaimType;
        var user = context.Principal is null ? null : await users.GetUserAsync(context.Principal);
        var stamp = context.Principal?.FindFirst(stampClaim)?.Value;
        if (user is not null && stamp is not null && stamp == await users.GetSecurityStampAsync(user))
        {
            return;
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
