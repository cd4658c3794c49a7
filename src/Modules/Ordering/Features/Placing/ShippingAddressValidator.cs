using BuildingBlocks.Validation;
using FluentValidation;
using Ordering.Contracts;

namespace Ordering.Features.Placing;

internal sealed class ShippingAddressValidator : AbstractValidator<ShippingAddress>
{
    public ShippingAddressValidator()
    {
        RuleFor(a => a.Name).RequiredText(200);
        RuleFor(a => a.Line1).RequiredText(200);
        RuleFor(a => a.Line2).MaximumLength(200).NoControlCharacters();
        RuleFor(a => a.City).RequiredText(200);
        RuleFor(a => a.PostalCode).RequiredText(20);
        RuleFor(a => a.Country).NotEmpty().Must(CountryCodes.IsAssigned)
            .WithMessage("'country' must be an ISO 3166-1 alpha-2 code such as 'DE' or 'FR'.");
    }
}
