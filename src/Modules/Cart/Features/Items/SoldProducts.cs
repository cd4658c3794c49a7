using BuildingBlocks.Contracts;
using BuildingBlocks.Modules;
using Catalog.Contracts;

namespace Cart.Features.Items;

/// <summary>Only products the catalog sells go into a cart: asks Catalog through its contract.</summary>
internal static class SoldProducts
{
    public static async Task<ContractError?> RefuseUnsold(
        this IModuleClient modules, Guid productId, CancellationToken cancellationToken) =>
        (await modules.Query(new GetProductPrices([productId]), cancellationToken)).Count == 0
            ? ContractError.NotFound($"Product {productId} does not exist.")
            : null;
}
