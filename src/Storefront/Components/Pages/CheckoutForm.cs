using System.ComponentModel.DataAnnotations;

namespace Storefront.Components.Pages;

/// <summary>The checkout form, with the API's rules for an address (API.md) as messages for people.</summary>
internal sealed class CheckoutForm
{
    [Required(ErrorMessage = "Please enter the name to ship to.")]
    [StringLength(200, ErrorMessage = "The name is at most 200 characters.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Please enter the street address.")]
    [StringLength(200, ErrorMessage = "The address is at most 200 characters.")]
    public string? Line1 { get; set; }

    [StringLength(200, ErrorMessage = "The second line is at most 200 characters.")]
    public string? Line2 { get; set; }

    [Required(ErrorMessage = "Please enter the city.")]
    [StringLength(200, ErrorMessage = "The city is at most 200 characters.")]
    public string? City { get; set; }

    [Required(ErrorMessage = "Please enter the postal code.")]
    [StringLength(20, ErrorMessage = "The postal code is at most 20 characters.")]
    public string? PostalCode { get; set; }

    [Required(ErrorMessage = "Please enter the country's two-letter code.")]
    [RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "The country is a two-letter code, such as DE or FR.")]
    public string? Country { get; set; }

    /// <summary>The page's own key (32 hex digits), sent as <c>Idempotency-Key</c>: a value no header can carry was a
    /// 503 "unavailable" page.</summary>
    [RegularExpression("^[0-9a-f]{32}$",
        ErrorMessage = "This form is not one the shop made: open the checkout again from your cart.")]
    public string? IdempotencyKey { get; set; }
}
