using Microsoft.AspNetCore.Identity;

namespace Identity.Security;

/// <summary>Password rules and lockout of every account.</summary>
internal static class AccountPolicy
{
    public static void Apply(IdentityOptions options)
    {
        // Length is what makes a password hard to guess; the breached list (BreachedPasswordValidator) does the rest.
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireUppercase = true;
        options.Password.RequireNonAlphanumeric = false;

        // Identity's own lockout, used only by an operator: the sign-in form counts per account and address
        // (SignInFailures).
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
        options.Lockout.AllowedForNewUsers = true;

        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;

        // Tokens and the APIs use the JWT claim names.
        options.ClaimsIdentity.UserIdClaimType = "sub";
        options.ClaimsIdentity.UserNameClaimType = "name";
        options.ClaimsIdentity.EmailClaimType = "email";
        options.ClaimsIdentity.RoleClaimType = "role";
    }
}
