using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Ordering.Persistence;

internal sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : DbContext(options)
{
    // Every order placed reads its key, and the saga reads each order it confirms or rejects: compiled once, so no call
    // builds and looks up the expression tree again (docs/benchmarks.md, "Compiled queries on the write paths").
    private static readonly Func<OrderingDbContext, Guid, string, CancellationToken, Task<Domain.Order?>> ByKey =
        EF.CompileAsyncQuery((OrderingDbContext db, Guid customerId, string key, CancellationToken _) =>
            db.Orders.AsNoTracking().FirstOrDefault(o => o.CustomerId == customerId && o.IdempotencyKey == key));

    private static readonly Func<OrderingDbContext, Guid, CancellationToken, Task<Domain.Order?>> TrackedById =
        EF.CompileAsyncQuery((OrderingDbContext db, Guid id, CancellationToken _) =>
            db.Orders.FirstOrDefault(o => o.Id == id));

    public DbSet<Domain.Order> Orders => Set<Domain.Order>();

    public DbSet<Domain.CustomerGate> CustomerGates => Set<Domain.CustomerGate>();

    /// <summary>The order a customer placed with this idempotency key, if any (the pair is unique), with its
    /// lines.</summary>
    public async Task<Domain.Order?> FindOrderByKey(
        Guid customerId,
        string idempotencyKey,
        CancellationToken cancellationToken) =>
        await WithLines(await ByKey(this, customerId, idempotencyKey, cancellationToken), cancellationToken);

    /// <summary>An order, tracked, without its lines.</summary>
    public Task<Domain.Order?> FindTrackedAsync(Guid id, CancellationToken cancellationToken) =>
        TrackedById(this, id, cancellationToken);

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
