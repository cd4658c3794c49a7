using BuildingBlocks.Contracts;
using BuildingBlocks.Modules;
using Cart.Domain;
using Catalog.Contracts;
using Microsoft.Extensions.Options;

namespace Cart.Features;

/// <summary>
/// Prices a cart at the catalog's current prices, in one contract query; lines of products gone from the catalog are
/// left out.
/// </summary>
internal sealed class CartPricing(IModuleClient modules, IOptions<CartOptions> options)
{
    public async Task<CartResponse> Price(ShoppingCart? cart, CancellationToken cancellationToken)
    {
        if (cart is null || cart.Lines.Count == 0)
        {
            return new CartResponse([], 0, 0m, options.Value.Currency, cart?.Version ?? 0);
        }

        var productIds = cart.Lines.Select(l => l.ProductId).ToList();
        var prices = (await modules.Query(new GetProductPrices(productIds), cancellationToken))
            .ToDictionary(p => p.ProductId);
        var items = cart.Lines.Where(l => prices.ContainsKey(l.ProductId)).Select(l =>
        {
            var price = prices[l.ProductId];
            return new CartLineResponse(
                l.ProductId, price.Sku, price.Name, price.UnitPrice, l.Quantity, price.UnitPrice * l.Quantity);
        }).ToList();
        var currency = prices.Values.FirstOrDefault()?.Currency ?? options.Value.Currency;
        return new CartResponse(items, items.Sum(i => i.Quantity), items.Sum(i => i.LineTotal), currency, cart.Version);
    }

    /// <summary>The changed cart, priced; or the problem that refused the change.</summary>
    public async Task<ContractResult<CartResponse>> Price(
        Task<ContractResult<ShoppingCart>> change, CancellationToken cancellationToken)
    {
        var result = await change;
        return result.IsSuccess ? await Price(result.Value, cancellationToken) : result.Error;
    }
}
