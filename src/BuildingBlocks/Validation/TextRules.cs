using FluentValidation;

namespace BuildingBlocks.Validation;

public static class TextRules
{
    /// <summary>
    /// Refuses control characters, lone surrogates, the byte-order mark and bidirectional overrides
    /// (which can make text display differently from what it is): no name or address legitimately holds them.
    /// </summary>
    /// <param name="lineBreaks">Whether line breaks and tabs are text here (a description, a reason).</param>
    public static IRuleBuilderOptions<T, string?> NoControlCharacters<T>(
        this IRuleBuilder<T, string?> rule, bool lineBreaks = false) =>
        rule.Must(value => value is null || IsText(value, lineBreaks))
            .WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>
    /// Whether <paramref name="value"/> is free of what <see cref="NoControlCharacters{T}"/> refuses, for a check
    /// outside a validator. PostgreSQL cannot store a NUL at all.
    /// </summary>
    public static bool IsText(string value, bool lineBreaks = false) =>
        !value.Any(c => IsRefused(c) && !(lineBreaks && c is '\n' or '\r' or '\t')) && IsWellFormedUtf16(value);

    private static bool IsRefused(char c) =>
        char.IsControl(c) || c is '\uFEFF' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Required text of bounded length, free of control characters.</summary>
    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.NotEmpty().MaximumLength(maxLength).NoControlCharacters();

    /// <summary>A positive amount with at most two decimals, within bounds.</summary>
    public static IRuleBuilderOptions<T, decimal?> Money<T>(
        this IRuleBuilder<T, decimal?> rule,
        decimal min,
        decimal max) =>
        rule.NotNull().InclusiveBetween(min, max).PrecisionScale(18, 2, ignoreTrailingZeros: true);

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
