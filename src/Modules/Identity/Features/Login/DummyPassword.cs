using Identity.Users;
using Microsoft.AspNetCore.Identity;

namespace Identity.Features.Login;

/// <summary>A hash to verify against when the email is unknown: the same work as for a real account.</summary>
internal sealed class DummyPassword(IPasswordHasher<ShopUser> hasher)
{
    private static readonly ShopUser Nobody = new();
    private static string? _hash;

    public void Verify(string password)
    {
        _hash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, _hash, password);
    }
}
