using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Identity.Keys;
using Identity.Users;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Identity.Persistence;

/// <summary>Users and roles (ASP.NET Core Identity), OpenIddict's applications, authorizations and tokens, and the signing keys.</summary>
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options)
    : IdentityDbContext<ShopUser, ShopRole, Guid>(options)
{
    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

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
