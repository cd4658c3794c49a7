using BuildingBlocks.Auth;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Identity.ApiDocs;

/// <summary>
/// The Scalar page (Development) signs in with the public <c>api-docs</c> client and PKCE S256, so that "Try it"
/// sends a real token. A public client has no secret: none is configured, so the page shows none. The OAuth2 scheme
/// itself is declared by the Host's OpenAPI document (Host.OpenApi.DocumentContract), in every process.
/// </summary>
internal static class ApiDocsSignIn
{
    public const string SchemeName = "oauth2";
    public const string ClientId = "api-docs";

    public static IServiceCollection AddApiDocsSignIn(this IServiceCollection services, ShopAuthOptions auth)
    {
        var issuer = new Uri(auth.CanonicalIssuer, UriKind.Absolute);
        services.Configure<ScalarOptions>(options => options
            .WithTitle("Shop API")
            .AddPreferredSecuritySchemes(SchemeName)
            .AddAuthorizationCodeFlow(SchemeName, flow =>
            {
                flow.ClientId = ClientId;
                flow.Pkce = Pkce.Sha256;
                flow.RedirectUri = new Uri(issuer, "scalar/").ToString();
                flow.SelectedScopes = ["openid", "profile", ShopScopes.Cart, ShopScopes.Orders];
            }));
        return services;
    }
}
