using Catalog.Contracts;
using Catalog.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Catalog.Features.Pricing;

/// <summary>Prices for other modules (cart, ordering): one query for all ids, no tracking.</summary>
internal sealed class GetProductPricesHandler(CatalogDbContext db, IOptions<CatalogOptions> options)
    : IRequestHandler<GetProductPrices, IReadOnlyList<ProductPrice>>
{
    // Every cart read, cart change and order asks this: compiled once, and the ids go as one array parameter
    // (ModuleDbContextOptions), so no call rewrites an IN list or generates the SQL again.
    private static readonly Func<CatalogDbContext, Guid[], string, IAsyncEnumerable<ProductPrice>> PricesOf =
        EF.CompileAsyncQuery((CatalogDbContext context, Guid[] ids, string currency) =>
            context.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
                .Select(p => new ProductPrice(p.Id, p.Sku, p.Name, p.UnitPrice, currency)));

    public async ValueTask<IReadOnlyList<ProductPrice>> Handle(
        GetProductPrices request,
        CancellationToken cancellationToken)
    {
        if (request.ProductIds.Count == 0)
        {
            return [];
        }

        var prices = new List<ProductPrice>(request.ProductIds.Count);
        await foreach (var price in PricesOf(db, [.. request.ProductIds.Distinct()], options.Value.Currency)
            .WithCancellation(cancellationToken))
        {
            prices.Add(price);
        }

        return prices;
    }
}
