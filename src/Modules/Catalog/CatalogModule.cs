using Catalog.Persistence.CompiledModels;
using BuildingBlocks.Messaging;
using BuildingBlocks.Modules;
using BuildingBlocks.Persistence;
using Catalog.Features.Products;
using Catalog.Features.Stock;
using Catalog.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ordering.Contracts;

namespace Catalog;

public sealed class CatalogModule : IModule
{
    public string Name => "Catalog";

    public void AddServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section);
        services.AddModuleDbContext<CatalogDbContext>(
            Name,
            configuration,
            environment,
            () => CatalogDbContextModel.Instance);
        services.AddModuleEvents<CatalogDbContext>();
        // Singletons: a validator keeps no state, and building its rules costs more than validating a request.
        services.AddValidatorsFromAssemblyContaining<CatalogModule>(
            ServiceLifetime.Singleton, includeInternalTypes: true);
    }

    public void Subscribe(EventSubscriptions events) => events
        .Subscribe<OrderPlaced, ReserveStockForOrder>()
        .Subscribe<OrderCancelled, ReleaseStockOfCancelledOrder>();

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var products = endpoints.MapGroup("/api/catalog/products").WithTags("Catalog");
        ListProducts.Map(products);
        GetProduct.Map(products);
        CreateProduct.Map(products);
        UpdateProduct.Map(products);
        DeleteProduct.Map(products);
        AdjustStock.Map(products);
    }

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await CatalogSeed.SeedAsync(
            services.GetRequiredService<CatalogDbContext>(),
            services.GetRequiredService<TimeProvider>(),
            cancellationToken);
}
