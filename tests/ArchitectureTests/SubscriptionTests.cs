using System.Reflection;
using BuildingBlocks.Messaging;
using BuildingBlocks.Modules;

namespace ArchitectureTests;

/// <summary>Who subscribes to what, read from each module's declaration (<c>IModule.Subscribe</c>): the table in
/// docs/architecture.md.</summary>
public sealed class SubscriptionTests
{
    private static readonly IModule[] Modules = (IModule[])Shop.Host.GetType("Host.ModuleList", throwOnError: true)!
        .GetMethod("All", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!;

    [Fact]
    public void Every_module_declares_the_events_it_handles_as_the_architecture_page_lists_them()
    {
        var declared = Modules.SelectMany(m =>
            {
                var events = new EventSubscriptions(m.Name);
                m.Subscribe(events);
                return events.All;
            })
            .Select(s => $"{Short(s.EventType)} -> {s.Module}: {Short(s.Consumer)}")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            [
                "OrderCancelled -> Catalog: ReleaseStockOfCancelledOrder",
                "OrderPlaced -> Catalog: ReserveStockForOrder",
                "StockReservationRejected -> Ordering: RejectOrderOnStockReservationRejected",
                "StockReserved -> Ordering: ConfirmOrderOnStockReserved",
            ],
            declared);
    }

    [Fact]
    public void Every_event_handler_in_a_module_is_declared_by_that_module()
    {
        var declared = Modules.SelectMany(m =>
        {
            var events = new EventSubscriptions(m.Name);
            m.Subscribe(events);
            return events.All.Select(s => s.Consumer);
        }).ToHashSet(StringComparer.Ordinal);
        var handlers = Shop.Modules.SelectMany(m => m.Implementation.GetTypes())
            .Where(t => t.GetInterfaces().Any(i =>
                i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IIntegrationEventHandler<>)))
            .Select(t => t.FullName!)
            .ToArray();

        Assert.NotEmpty(handlers);
        Assert.All(handlers, h => Assert.Contains(h, declared));
    }

    private static string Short(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];
}
