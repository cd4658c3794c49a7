using FluentValidation;
using Ordering.Contracts;

namespace Ordering.Features.Placing;

/// <summary>
/// The one validator of an order, whoever places it: the public endpoint, the cart's checkout in this process, or
/// another process through the internal contract endpoint (the mediator's validation behavior runs it).
/// </summary>
internal sealed class PlaceOrderValidator : AbstractValidator<PlaceOrder>
{
    public PlaceOrderValidator()
    {
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Items).Items();
        RuleFor(c => c.ShippingAddress).NotNull().SetValidator(new ShippingAddressValidator());
    }
}
