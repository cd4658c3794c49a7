using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using FluentValidation;
using Identity.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Identity.Features.Register;

/// <summary><c>POST /api/identity/register</c>: a customer account. Weak password or bad email 400, email taken
/// 409.</summary>
internal static class Register
{
    public const string RateLimitPolicy = "identity-register";

    public static void Map(IEndpointRouteBuilder identity) => identity.MapPost("/register", HandleAsync)
        .AllowAnonymous()
        .RequireRateLimiting(RateLimitPolicy)
        .Validate<Request>()
        .WithName("Register")
        .Produces<Response>(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal sealed record Request(string? Email, string? Password, string? DisplayName);

    internal sealed record Response(Guid Id, string Email, string DisplayName);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(256).EmailAddress().NoControlCharacters();
            RuleFor(r => r.Password).NotEmpty().MaximumLength(128);
            RuleFor(r => r.DisplayName).MaximumLength(100).NoControlCharacters();
        }
    }

    private static async Task<IResult> HandleAsync(Request request, UserManager<ShopUser> users, TimeProvider clock)
    {
        var (created, user) = await CreateCustomerAsync(request, users, clock);
        return created.Succeeded
            ? TypedResults.Created(
                $"/api/identity/users/{user.Id}", new Response(user.Id, user.Email!, user.DisplayName))
            : Failure(created);
    }

    /// <summary>A new account in role customer; the API above and the HTML page (RegisterPage) both use it.</summary>
    internal static async Task<(IdentityResult Result, ShopUser User)> CreateCustomerAsync(
        Request request, UserManager<ShopUser> users, TimeProvider clock)
    {
        var email = request.Email!.Trim();
        var user = new ShopUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName)
                ? email.Split('@')[0]
                : request.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, request.Password!);
        }
        catch (DbUpdateException)
        {
            // Another registration of this email committed between UserManager's uniqueness check and this insert,
            // and the unique index refused it (seen on PostgreSQL with a dozen at once): the same 409 as a taken email.
            if (await users.FindByEmailAsync(email) is null)
            {
                throw;
            }

            created = IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(email));
        }

        if (created.Succeeded)
        {
            await users.AddToRoleAsync(user, ShopRoles.Customer);
        }

        return (created, user);
    }

    private static IResult Failure(IdentityResult result)
    {
        var codes = result.Errors.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        if (codes.Contains(nameof(IdentityErrorDescriber.DuplicateEmail))
            || codes.Contains(nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                detail: "An account with this email already exists.");
        }

        var errors = result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal)
                    || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : "body")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return TypedResults.ValidationProblem(errors);
    }
}
