using Ordering.Persistence.CompiledModels;
using BuildingBlocks.Messaging;
using BuildingBlocks.Modules;
using BuildingBlocks.Persistence;
using Catalog.Contracts;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ordering.Features.Orders;
using Ordering.Features.Placing;
using Ordering.Features.Saga;
using Ordering.Persistence;

namespace Ordering;

public sealed class OrderingModule : IModule
{
    public string Name => "Ordering";

    public void AddServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddModuleDbContext<OrderingDbContext>(
            Name,
            configuration,
            environment,
            () => OrderingDbContextModel.Instance);
        services.AddModuleEvents<OrderingDbContext>();
        services.AddOptions<Domain.CustomerLimits>().BindConfiguration(Domain.CustomerLimits.Section);
        // Singletons: a validator keeps no state, and building its rules costs more than validating a request.
        services.AddValidatorsFromAssemblyContaining<OrderingModule>(
            ServiceLifetime.Singleton, includeInternalTypes: true);
    }

    public void Subscribe(EventSubscriptions events) => events
        .Subscribe<StockReserved, ConfirmOrderOnStockReserved>()
        .Subscribe<StockReservationRejected, RejectOrderOnStockReservationRejected>();

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/api/orders").WithTags("Orders");
        PlaceOrderEndpoint.Map(orders);
        ListOrders.Map(orders);
        GetOrder.Map(orders);
        CancelOrder.Map(orders);
        ShipOrder.Map(orders);
    }
}
