using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Gateway.Edge;

/// <summary>
/// Tokens say <c>iss</c> = the gateway's public URL, and so do the discovery document's <c>jwks_uri</c> and
/// endpoints. When <c>Auth:Authority</c> names a Host (the identity cluster) the gateway fetches the discovery
/// document there and rewrites every address under the issuer to that Host, so the keys never travel through
/// the gateway's own TLS listener. JwtBearer's ConfigurationManager caches and refreshes them (and refetches
/// early when a token names an unknown key).
/// </summary>
internal static class JwksFromAuthority
{
    public static void Configure(JwtBearerOptions jwt, IConfiguration configuration)
    {
        var auth = configuration.GetSection(ShopAuthOptions.Section).Get<ShopAuthOptions>() ?? new ShopAuthOptions();
        if (string.IsNullOrWhiteSpace(auth.Authority) || string.IsNullOrWhiteSpace(jwt.MetadataAddress))
        {
            return;
        }

        var issuer = WithSlash(auth.Issuer);
        var authority = WithSlash(auth.Authority);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var retriever = new RewritingRetriever(issuer, authority, new HttpDocumentRetriever(http) { RequireHttps = auth.RequireHttpsMetadata });
        jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            jwt.MetadataAddress, new OpenIdConnectConfigurationRetriever(), retriever);
    }

    private static string WithSlash(string url) => url.EndsWith('/') ? url : url + "/";

    private sealed class RewritingRetriever(string issuer, string authority, IDocumentRetriever inner) : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            inner.GetDocumentAsync(
                address.StartsWith(issuer, StringComparison.OrdinalIgnoreCase) ? authority + address[issuer.Length..] : address,
                cancel);
    }
}
