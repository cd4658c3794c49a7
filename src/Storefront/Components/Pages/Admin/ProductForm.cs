using System.ComponentModel.DataAnnotations;
using Storefront.Api;

namespace Storefront.Components.Pages.Admin;

/// <summary>A product as the admin edits it, with the API's rules (API.md) as messages for people.</summary>
internal sealed class ProductForm
{
    [Required(ErrorMessage = "Please enter a SKU.")]
    [RegularExpression("^[A-Z0-9-]{1,32}$", ErrorMessage = "A SKU is 1 to 32 capital letters, digits or dashes.")]
    public string? Sku { get; set; }

    [Required(ErrorMessage = "Please enter a name.")]
    [StringLength(200, ErrorMessage = "The name is at most 200 characters.")]
    public string? Name { get; set; }

    [StringLength(2000, ErrorMessage = "The description is at most 2000 characters.")]
    public string? Description { get; set; }

    [Range(typeof(decimal), "0.01", "1000000", ErrorMessage = "The price is from 0.01 to 1,000,000.")]
    public decimal UnitPrice { get; set; }

    [Range(0, 1_000_000, ErrorMessage = "The stock is from 0 to 1,000,000.")]
    public int Stock { get; set; }

    /// <summary>The <c>ETag</c> the form was rendered with, sent back as <c>If-Match</c>: a quoted string of visible
    /// ASCII (RFC 9110's entity-tag). Anything else cannot go in a header: it was a 503 "unavailable" page.</summary>
    [RegularExpression("^\"[\\x21\\x23-\\x7E]*\"$",
        ErrorMessage = "This form is not one the shop made: load the product again and make your changes there.")]
    public string? Version { get; set; }

    public ProductDraft ToDraft(bool withStock) =>
        new(Sku!.Trim(), Name!.Trim(), string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(), UnitPrice,
            withStock ? Stock : null);

    public static ProductForm From(VersionedProduct product) => new()
    {
        Sku = product.Product.Sku,
        Name = product.Product.Name,
        Description = product.Product.Description,
        UnitPrice = product.Product.UnitPrice,
        Stock = product.Product.AvailableStock,
        Version = product.ETag,
    };
}
