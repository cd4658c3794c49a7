using BuildingBlocks.Contracts;
using BuildingBlocks.Modules;
using Cart.Domain;
using Cart.Persistence;
using Catalog.Contracts;
using Microsoft.Extensions.Options;

namespace Cart.Features;

/// <summary>
/// Prices a cart at the catalog's current prices, in one contract query; lines of products gone from the catalog are
/// left out.
/// </summary>
internal sealed class CartPricing(IModuleClient modules, IOptions<CartOptions> options)
{
    public async Task<CartResponse> Price(ShoppingCart? cart, CancellationToken cancellationToken) =>
        cart is null || cart.Lines.Count == 0
            ? Price(cart, [])
            : Price(cart, await PricesOf(cart.Lines.Select(l => l.ProductId), cancellationToken));

    /// <summary>The changed cart, priced; or the problem that refused the change.</summary>
    public async Task<ContractResult<CartResponse>> Price(
        Task<ContractResult<ShoppingCart>> change, CancellationToken cancellationToken)
    {
        var result = await change;
        return result.IsSuccess ? await Price(result.Value, cancellationToken) : result.Error;
    }

    /// <summary>
    /// A change that puts units of <paramref name="productId"/> in the cart, which only a product the catalog sells
    /// may do (404 otherwise). One prices query serves the check and the answer: the cart's products and this one.
    /// </summary>
    public async Task<ContractResult<CartResponse>> ChangeWithSold(
        CartStore store, Guid customerId, long? ifMatch, Guid productId, Func<ShoppingCart, ContractError?> change,
        CancellationToken cancellationToken)
    {
        Dictionary<Guid, ProductPrice> prices = [];
        var result = await store.Change(customerId, ifMatch, async cart =>
        {
            prices = await PricesOf(cart.Lines.Select(l => l.ProductId).Append(productId), cancellationToken);
            return prices.ContainsKey(productId)
                ? change(cart)
                : ContractError.NotFound($"Product {productId} does not exist.");
        }, cancellationToken);
        return result.IsSuccess ? Price(result.Value, prices) : result.Error;
    }

    private async Task<Dictionary<Guid, ProductPrice>> PricesOf(
        IEnumerable<Guid> productIds, CancellationToken cancellationToken) =>
        (await modules.Query(new GetProductPrices([.. productIds]), cancellationToken)).ToDictionary(p => p.ProductId);

    private CartResponse Price(ShoppingCart? cart, Dictionary<Guid, ProductPrice> prices)
    {
        if (cart is null || cart.Lines.Count == 0)
        {
            return new CartResponse([], 0, 0m, options.Value.Currency, cart?.Version ?? 0);
        }

        var items = cart.Lines.Where(l => prices.ContainsKey(l.ProductId)).Select(l =>
        {
            var price = prices[l.ProductId];
            return new CartLineResponse(
                l.ProductId, price.Sku, price.Name, price.UnitPrice, l.Quantity, price.UnitPrice * l.Quantity);
        }).ToList();
        var currency = prices.Values.FirstOrDefault()?.Currency ?? options.Value.Currency;
        return new CartResponse(items, items.Sum(i => i.Quantity), items.Sum(i => i.LineTotal), currency, cart.Version);
    }
}
