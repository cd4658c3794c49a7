// Deliberate violations: endpoints visible outside their module.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ArchitectureTests.Violations.Endpoints
{
    public static class ParcelEndpoints
    {
        public static void MapParcels(IEndpointRouteBuilder endpoints)
            => endpoints.MapGet("/parcels", () => Results.Ok());
    }

    /// <summary>Fine: internal.</summary>
    internal static class TrackingEndpoints
    {
        public static void MapTracking(IEndpointRouteBuilder endpoints)
            => endpoints.MapGet("/tracking", () => Results.Ok());
    }
}

namespace ArchitectureTests.Violations.Endpoints.Features.ShipParcel
{
    /// <summary>A slice whose Map is its endpoint, public.</summary>
    public static class ShipParcel
    {
        public static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints)
            => endpoints.MapPost("/parcels", () => Results.Accepted());
    }

    /// <summary>Fine: a request body is not an endpoint.</summary>
    public sealed record ShipParcelRequest(Guid ParcelId);
}

namespace ArchitectureTests.Violations.Endpoints.Features.CancelParcel
{
    /// <summary>Fine: internal slice.</summary>
    internal static class CancelParcel
    {
        public static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints)
            => endpoints.MapDelete("/parcels/{id}", (Guid id) => Results.NoContent());
    }
}
