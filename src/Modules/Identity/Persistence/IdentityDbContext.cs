using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Identity.Keys;
using Identity.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Identity.Persistence;

/// <summary>
/// Users and roles (ASP.NET Core Identity), OpenIddict's applications, authorizations and tokens, the
/// signing keys, and the Data Protection keys of the sign-in cookie and the antiforgery tokens.
/// </summary>
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options)
    : IdentityDbContext<ShopUser, ShopRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseShopConventions();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<ShopUser>().Property(u => u.DisplayName).HasMaxLength(100);
        builder.AddBuildingBlocksTables();
        builder.ApplyConfigurationsFromAssembly(typeof(IdentityDbContext).Assembly);
    }
}
