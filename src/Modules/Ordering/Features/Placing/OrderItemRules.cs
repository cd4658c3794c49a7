using FluentValidation;
using Ordering.Contracts;

namespace Ordering.Features.Placing;

internal static class OrderItemRules
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 99;

    /// <summary>1..50 lines, each product once, each quantity 1..99.</summary>
    public static void Items<T>(this IRuleBuilderInitial<T, IReadOnlyList<OrderItemRequest>?> rule) =>
        rule.NotEmpty().WithMessage("'items' must hold at least one line.")
            .Must(items => items is null || items.Count <= MaxLines)
            .WithMessage($"'items' may hold at most {MaxLines} lines.")
            .Must(items => items is null || EachProductOnce(items))
            .WithMessage("Each product may appear only once in 'items'.")
            .ForEach(item => item.NotNull().ChildRules(line =>
            {
                line.RuleFor(i => i.ProductId).NotEmpty();
                line.RuleFor(i => i.Quantity).InclusiveBetween(1, MaxQuantity);
            }));

    private static bool EachProductOnce(IReadOnlyList<OrderItemRequest> items)
    {
        var lines = items.Where(i => i is not null).ToList();
        return lines.Select(i => i.ProductId).Distinct().Count() == lines.Count;
    }
}
