using BuildingBlocks.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Identity.ApiDocs;

/// <summary>
/// The OpenAPI document declares the OAuth2 authorization-code flow, and the Scalar page (Development)
/// signs in with the public <c>api-docs</c> client and PKCE S256, so that "Try it" sends a real token.
/// </summary>
internal static class ApiDocsSignIn
{
    public const string SchemeName = "oauth2";
    public const string ClientId = "api-docs";

    private static readonly Dictionary<string, string> Scopes = new(StringComparer.Ordinal)
    {
        ["openid"] = "Your identity",
        ["profile"] = "Your display name",
        ["email"] = "Your email address",
        ["roles"] = "Your roles",
        [ShopScopes.CatalogAdmin] = "Manage the catalog (admins only)",
        [ShopScopes.Cart] = "Your cart",
        [ShopScopes.Orders] = "Your orders",
    };

    public static IServiceCollection AddApiDocsSignIn(this IServiceCollection services, ShopAuthOptions auth)
    {
        var issuer = new Uri(auth.CanonicalIssuer, UriKind.Absolute);
        services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Authorization code with PKCE (S256) at this server's OpenID Connect endpoints.",
                Flows = new OpenApiOAuthFlows
                {
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri(issuer, "connect/authorize"),
                        TokenUrl = new Uri(issuer, "connect/token"),
                        RefreshUrl = new Uri(issuer, "connect/token"),
                        Scopes = new Dictionary<string, string>(Scopes),
                    },
                },
            };
            document.Security ??= [];
            document.Security.Add(
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
            return Task.CompletedTask;
        }));

        services.Configure<ScalarOptions>(options => options
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
