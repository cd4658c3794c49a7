using Cart.Persistence.CompiledModels;
using BuildingBlocks.Auth;
using BuildingBlocks.Messaging;
using BuildingBlocks.Modules;
using BuildingBlocks.Persistence;
using Cart.Features;
using Cart.Features.Checkout;
using Cart.Features.Items;
using Cart.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cart;

public sealed class CartModule : IModule
{
    public string Name => "Cart";

    public void AddServices(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<CartOptions>().BindConfiguration(CartOptions.Section);
        services.AddModuleDbContext<CartDbContext>(Name, configuration, environment, () => CartDbContextModel.Instance);
        services.AddModuleEvents<CartDbContext>();
        // Singletons: a validator keeps no state, and building its rules costs more than validating a request.
        services.AddValidatorsFromAssemblyContaining<CartModule>(
            ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddScoped<CartStore>();
        services.AddScoped<CartPricing>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var cart = endpoints.MapGroup("/api/cart").WithTags("Cart").RequireAuthorization(ShopPolicies.Cart)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        GetCart.Map(cart);
        AddItem.Map(cart);
        SetQuantity.Map(cart);
        RemoveItem.Map(cart);
        ClearCart.Map(cart);
        Checkout.Map(cart);
    }
}
