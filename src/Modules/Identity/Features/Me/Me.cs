using BuildingBlocks.Web;
using Identity.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using System.Security.Claims;

namespace Identity.Features.Me;

/// <summary><c>GET /api/identity/me</c>: the account behind the bearer token (any user token; a service token is
/// 404).</summary>
internal static class Me
{
    public static void Map(IEndpointRouteBuilder identity) => identity.MapGet("/me", HandleAsync)
        .RequireAuthorization()
        .WithName("GetMe")
        .Produces<Response>()
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal sealed record Response(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles);

    private static async Task<IResult> HandleAsync(ClaimsPrincipal principal, UserManager<ShopUser> users)
    {
        var id = principal.UserId();
        var user = id is null ? null : await users.FindByIdAsync(id.Value.ToString());
        if (user is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                detail: "The token does not belong to a user account.");
        }

        var roles = await users.GetRolesAsync(user);
        return TypedResults.Ok(
            new Response(user.Id, user.Email ?? "", user.DisplayName, [.. roles.Order(StringComparer.Ordinal)]));
    }
}
