using BuildingBlocks.Validation;
using Identity.Users;
using Microsoft.AspNetCore.Identity;

namespace Identity.Security;

/// <summary>
/// Refuses a password with a control character (or a lone surrogate, which two different passwords would hash alike
/// as): the sign-in form refuses a NUL, and no keyboard types the others, so the account could never sign in.
/// </summary>
internal sealed class PasswordTextValidator : IPasswordValidator<ShopUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ShopUser> manager, ShopUser user, string? password) =>
        Task.FromResult(password is not null && !TextRules.IsText(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordControlCharacters",
                Description = "A password cannot hold control characters.",
            })
            : IdentityResult.Success);
}
