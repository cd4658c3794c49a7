using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BuildingBlocks.Auth;

/// <summary>
/// Tokens say <c>iss</c> = the public URL (the Gateway's), and so does the discovery document's
/// <c>jwks_uri</c>. A process that is not the Identity module reads the document at <c>Auth:Authority</c>
/// (a Host running Identity) and fetches every address under the issuer from that authority instead,
/// so keys never travel through the public listener. JwtBearer's ConfigurationManager caches and
/// refreshes them, and refetches early when a token names an unknown key.
/// </summary>
internal static class AuthorityMetadata
{
    public static void Configure(JwtBearerOptions jwt, ShopAuthOptions options)
    {
        var issuer = options.CanonicalIssuer;
        var authority = options.Authority is { Length: > 0 } configured ? WithSlash(configured) : issuer;
        jwt.MetadataAddress = $"{authority}.well-known/openid-configuration";
        if (string.Equals(authority, issuer, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var retriever = new RewritingRetriever(issuer, authority, new HttpDocumentRetriever(http) { RequireHttps = options.RequireHttpsMetadata });
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
