using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ordering.Persistence;

internal sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Order> Orders => Set<Domain.Order>();

    public DbSet<Domain.CustomerGate> CustomerGates => Set<Domain.CustomerGate>();

    /// <summary>The order a customer placed with this idempotency key, if any (the pair is unique), with its
    /// lines.</summary>
    public async Task<Domain.Order?> FindOrderByKey(
        Guid customerId,
        string idempotencyKey,
        CancellationToken cancellationToken) =>
        await WithLines(
            await Orders.AsNoTracking().FirstOrDefaultAsync(
                o => o.CustomerId == customerId && o.IdempotencyKey == idempotencyKey, cancellationToken),
            cancellationToken);

    /// <summary>An order read without tracking, with its lines.</summary>
    public async Task<Domain.Order?> WithLines(Domain.Order? order, CancellationToken cancellationToken)
    {
        if (order is not null)
        {
            await WithLines([order], cancellationToken);
        }

        return order;
    }

    /// <summary>
    /// Orders read without tracking, with their lines, in one query. A tracked order takes its lines from a tracked
    /// read instead (<see cref="LoadLinesAsync"/>): lines added to it by hand would be saved as new rows.
    /// </summary>
    public async Task WithLines(IReadOnlyCollection<Domain.Order> orders, CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
        {
            return;
        }

        var byId = orders.ToDictionary(o => o.Id);
        Guid[] ids = [.. byId.Keys];
        var lines = await Set<Domain.OrderLine>().AsNoTracking()
            .Where(l => ids.Contains(EF.Property<Guid>(l, OrderLineConfiguration.OrderId)))
            .Select(l => new { OrderId = EF.Property<Guid>(l, OrderLineConfiguration.OrderId), Line = l })
            .ToListAsync(cancellationToken);
        foreach (var line in lines)
        {
            byId[line.OrderId].Lines.Add(line.Line);
        }
    }

    /// <summary>The lines of a tracked order: EF attaches them to it as it tracks them.</summary>
    public Task LoadLinesAsync(Domain.Order order, CancellationToken cancellationToken) =>
        Set<Domain.OrderLine>().Where(l => EF.Property<Guid>(l, OrderLineConfiguration.OrderId) == order.Id)
            .LoadAsync(cancellationToken);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseShopConventions();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddBuildingBlocksTables();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrderingDbContext).Assembly);
    }
}
