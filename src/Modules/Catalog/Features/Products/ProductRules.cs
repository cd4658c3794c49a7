using BuildingBlocks.Validation;
using FluentValidation;

namespace Catalog.Features.Products;

/// <summary>The rules a product's fields follow, on create and update alike.</summary>
internal static class ProductRules
{
    public static void ApplyTo<T>(
        AbstractValidator<T> validator,
        Func<T, string?> sku,
        Func<T, string?> name,
        Func<T, string?> description,
        Func<T, decimal?> unitPrice)
    {
        validator.RuleFor(x => sku(x)).NotEmpty().MaximumLength(32).Matches("^[A-Z0-9-]+$")
            .WithMessage("'sku' must be 1 to 32 characters of A-Z, 0-9 and '-'.").OverridePropertyName("sku");
        validator.RuleFor(x => name(x)).RequiredText(200).OverridePropertyName("name");
        validator.RuleFor(x => description(x)).MaximumLength(2000).NoControlCharacters(lineBreaks: true)
            .OverridePropertyName("description");
        validator.RuleFor(x => unitPrice(x)).Money(0.01m, 1_000_000m).OverridePropertyName("unitPrice");
    }
}
