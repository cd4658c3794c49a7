using BuildingBlocks.Web;
using Microsoft.AspNetCore.Http;

namespace Ordering.Features.Orders;

/// <summary>
/// Who asks: the user id of the token (empty for a non-user token, which owns nothing) and whether they are an admin.
/// </summary>
internal sealed record Viewer(Guid UserId, bool IsAdmin)
{
    public static Viewer Of(HttpContext http) => new(http.User.UserId() ?? Guid.Empty, http.User.IsAdmin());
}
