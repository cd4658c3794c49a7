using System.Security.Claims;
using BuildingBlocks.Auth;

namespace BuildingBlocks.Web;

public static class CurrentUser
{
    /// <summary>The signed-in user's id (<c>sub</c>), or null for a token that is not a user's.</summary>
    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(ShopClaims.Subject)?.Value, out var id) ? id : null;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(ShopRoles.Admin);
}
