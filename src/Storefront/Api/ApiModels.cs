namespace Storefront.Api;

// The public API's JSON shapes (docs: API.md), as far as the storefront reads them.
public sealed record Product(
    Guid Id, string Sku, string Name, string? Description, decimal UnitPrice, string Currency, int AvailableStock);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

public sealed record CartLine(
    Guid ProductId, string Sku, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record ShoppingCart(IReadOnlyList<CartLine> Items, int TotalQuantity, decimal Total, string Currency);

public sealed record Address(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);

public sealed record OrderLine(
    Guid ProductId, string Sku, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record Order(
    Guid Id,
    string Status,
    IReadOnlyList<OrderLine> Items,
    decimal Total,
    string Currency,
    Address? ShippingAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? RejectionReason)
{
    /// <summary>What people call the order: its id's last 8 hex digits. The ids are UUIDv7, whose first digits are
    /// a timestamp shared by every order placed in the same minute; the last are random.</summary>
    public string Number => NumberOf(Id);

    public static string NumberOf(Guid id) => id.ToString("N")[^8..];
}

/// <summary>A product with the version to send back in <c>If-Match</c>.</summary>
public sealed record VersionedProduct(Product Product, string? ETag);

public sealed record ProductDraft(string Sku, string Name, string? Description, decimal UnitPrice, int? Stock);
