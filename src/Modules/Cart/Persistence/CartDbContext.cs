using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Cart.Persistence;

internal sealed class CartDbContext(DbContextOptions<CartDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddBuildingBlocksTables();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CartDbContext).Assembly);
    }
}
