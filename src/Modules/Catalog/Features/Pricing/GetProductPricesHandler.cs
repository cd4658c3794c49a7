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
    public async ValueTask<IReadOnlyList<ProductPrice>> Handle(
        GetProductPrices request,
        CancellationToken cancellationToken)
    {
        if (request.ProductIds.Count == 0)
        {
            return [];
        }

        var ids = request.ProductIds.Distinct().ToList();
        var currency = options.Value.Currency;
        return await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new ProductPrice(p.Id, p.Sku, p.Name, p.UnitPrice, currency))
            .ToListAsync(cancellationToken);
    }
}
