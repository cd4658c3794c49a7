using BuildingBlocks.Auth;
using Microsoft.AspNetCore.OpenApi;

namespace Host.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>), made to be the contract client developers generate from: unique
/// schema names, every status and header an operation answers with, the OAuth2 scopes each needs. It is committed
/// as <c>docs/openapi/v1.json</c> and must stay byte-identical to what is served (<c>scripts/openapi.sh</c>).
/// </summary>
internal static class ShopOpenApi
{
    public static IServiceCollection AddShopOpenApi(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection(ShopAuthOptions.Section).Get<ShopAuthOptions>() ?? new ShopAuthOptions();
        services.AddOpenApi(options =>
        {
            options.CreateSchemaReferenceId = SchemaNames.For;
            options.AddSchemaTransformer<NumberSchemas>();
            options.AddSchemaTransformer<OptionalMembers>();
            options.AddOperationTransformer<OperationContract>();
            options.AddDocumentTransformer(new DocumentContract(new Uri(auth.CanonicalIssuer, UriKind.Absolute)));
        });
        return services;
    }
}
