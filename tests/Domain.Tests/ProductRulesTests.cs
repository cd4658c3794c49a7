using Catalog.Features.Products;

namespace Domain.Tests;

/// <summary>Prices: positive, at most two decimals, at most a million; the catalog never rounds a price for
/// you.</summary>
public sealed class ProductRulesTests
{
    [Theory]
    [InlineData("0.01", true)]
    [InlineData("19.99", true)]
    [InlineData("19.990", true)]
    [InlineData("1000000", true)]
    [InlineData("19.999", false)]
    [InlineData("0.001", false)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("1000000.01", false)]
    public void A_price_has_at_most_two_decimals_within_bounds(string price, bool valid)
    {
        var request = new CreateProduct.Request(
            "MUG-1", "Mug", "", decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), 1);

        var result = new CreateProduct.Validator().Validate(request);

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid, !result.Errors.Any(e => e.PropertyName == "unitPrice"));
    }
}
