using BuildingBlocks.Auth;
using BuildingBlocks.Auth.Revocation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Identity.Revocation;

/// <summary>
/// <c>GET /internal/identity/revocations</c> (scope <c>internal</c>): the revocations in force, as
/// <c>[{ "authorizationId", "expiresAt" }]</c>, which every process that does not run Identity reads each second.
/// </summary>
internal static class RevocationsEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet(
            "/internal/identity/revocations",
            async (IRevocationSource source, CancellationToken cancellationToken) =>
                TypedResults.Ok(await source.ReadAsync(cancellationToken)))
        .RequireAuthorization(ShopPolicies.Internal)
        .ExcludeFromDescription();
}
