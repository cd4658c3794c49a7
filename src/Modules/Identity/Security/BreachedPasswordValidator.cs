using System.Collections.Frozen;
using Identity.Users;
using Microsoft.AspNetCore.Identity;

namespace Identity.Security;

/// <summary>
/// Refuses the 10,000 passwords seen most often in public breaches (BreachedPasswords/SOURCE.md), whatever their
/// case: they are the first ones any guessing attack tries, and composition rules let many of them through.
/// </summary>
internal sealed class BreachedPasswordValidator : IPasswordValidator<ShopUser>
{
    private const string Resource = "Identity.Security.BreachedPasswords.top-10000.txt";

    private static readonly Lazy<FrozenSet<string>> Breached = new(Load);

    public static int Count => Breached.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<ShopUser> manager, ShopUser user, string? password) =>
        Task.FromResult(password is not null && Breached.Value.Contains(password.ToLowerInvariant())
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordBreached",
                Description = "This password appears in lists of breached passwords; choose another one.",
            })
            : IdentityResult.Success);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(BreachedPasswordValidator).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing.");
        using var reader = new StreamReader(stream);
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
