using BuildingBlocks.Validation;
using FluentValidation;
using Ordering.Contracts;

namespace Ordering.Features.PlaceOrder;

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

internal static class OrderRules
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 99;

    /// <summary>1..50 lines, each product once, each quantity 1..99.</summary>
    public static void Items<T>(this IRuleBuilderInitial<T, IReadOnlyList<OrderItemRequest>?> rule) =>
        rule.NotEmpty().WithMessage("'items' must hold at least one line.")
            .Must(items => items is null || items.Count <= MaxLines).WithMessage($"'items' may hold at most {MaxLines} lines.")
            .Must(items => items is null || items.Where(i => i is not null).Select(i => i.ProductId).Distinct().Count() == items.Count(i => i is not null))
            .WithMessage("Each product may appear only once in 'items'.")
            .ForEach(item => item.NotNull().ChildRules(line =>
            {
                line.RuleFor(i => i.ProductId).NotEmpty();
                line.RuleFor(i => i.Quantity).InclusiveBetween(1, MaxQuantity);
            }));
}

internal sealed class PlaceOrderValidator : AbstractValidator<Contracts.PlaceOrder>
{
    public PlaceOrderValidator()
    {
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Items).Items();
        RuleFor(c => c.ShippingAddress).NotNull().SetValidator(new ShippingAddressValidator());
    }
}

/// <summary>Officially assigned ISO 3166-1 alpha-2 codes.</summary>
internal static class CountryCodes
{
    private static readonly HashSet<string> Assigned = new(
        ("AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
         "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
         "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
         "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
         "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
         "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG " +
         "UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW").Split(' '), StringComparer.Ordinal);

    public static bool IsAssigned(string? code) => code is not null && Assigned.Contains(code);
}
