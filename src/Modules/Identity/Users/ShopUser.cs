using Microsoft.AspNetCore.Identity;

namespace Identity.Users;

/// <summary>A person who signs in: a customer, or an administrator.</summary>
internal sealed class ShopUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}

internal sealed class ShopRole : IdentityRole<Guid>
{
    public ShopRole()
    {
    }

    public ShopRole(string name) : base(name) => Id = Guid.CreateVersion7();
}
