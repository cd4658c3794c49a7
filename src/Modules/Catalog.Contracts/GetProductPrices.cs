using BuildingBlocks.Contracts;

namespace Catalog.Contracts;

/// <summary>Current price and name of products; unknown or deleted ids are simply absent from the answer.</summary>
public sealed record GetProductPrices(IReadOnlyList<Guid> ProductIds) : IContractQuery<IReadOnlyList<ProductPrice>>;
