using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ordering.Persistence;

internal sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Order> Orders => Set<Domain.Order>();

    public DbSet<Domain.CustomerGate> CustomerGates => Set<Domain.CustomerGate>();

    /// <summary>The order a customer placed with this idempotency key, if any (the pair is unique).</summary>
    public Task<Domain.Order?> FindOrderByKey(
        Guid customerId,
        string idempotencyKey,
        CancellationToken cancellationToken) =>
        Orders.AsNoTracking()
            .FirstOrDefaultAsync(
                o => o.CustomerId == customerId && o.IdempotencyKey == idempotencyKey,
                cancellationToken);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseShopConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddBuildingBlocksTables();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrderingDbContext).Assembly);
    }
}
