using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace BuildingBlocks.Auth;

/// <summary>
/// Tokens say <c>iss</c> = the public URL (the Gateway's), and so does the discovery document's
/// <c>jwks_uri</c>. A process that is not the Identity module reads the document at <c>Auth:Authority</c>
/// (a Host running Identity; several, comma-separated, fail over: <see cref="Authorities"/>) and fetches every
/// address under the issuer from that authority instead, so keys never travel through the public listener.
/// JwtBearer's ConfigurationManager caches and refreshes them, and refetches early when a token names an unknown key.
/// </summary>
internal static class AuthorityMetadata
{
    public static void Configure(JwtBearerOptions jwt, ShopAuthOptions options)
    {
        var authorities = new Authorities(options);
        jwt.MetadataAddress = $"{authorities.All[0]}.well-known/openid-configuration";
        if (authorities.AreTheIssuer)
        {
            return;
        }

        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var retriever = new FailoverRetriever(
            authorities,
            new HttpDocumentRetriever(http) { RequireHttps = options.RequireHttpsMetadata });
        jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            jwt.MetadataAddress, new OpenIdConnectConfigurationRetriever(), retriever);
    }

    private sealed class FailoverRetriever(Authorities authorities, IDocumentRetriever inner) : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            authorities.FirstAnsweringAsync(
                authority => inner.GetDocumentAsync(authorities.Under(authority, address), cancel),
                cancel);
    }
}
