using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace BuildingBlocks.Web;

/// <summary>
/// Every absolute URL a process builds (OpenIddict's discovery document, the cookie handler's sign-in redirect)
/// names the configured issuer's host, never the request's <c>Host</c> or <c>X-Forwarded-Host</c>: either can be
/// set by a client, and a discovery document or a redirect naming its host sends users and tokens there (L2).
/// The scheme is the issuer's too: Hosts fetched directly over HTTP inside the data centre (the gateway reading the
/// discovery document) must still name the public HTTPS addresses, the ones clients use.
/// </summary>
public static class PublicAddress
{
    public static WebApplication UseIssuerAsPublicHost(this WebApplication app)
    {
        var auth = app.Configuration.GetSection(ShopAuthOptions.Section).Get<ShopAuthOptions>()
            ?? new ShopAuthOptions();
        var issuerUri = new Uri(auth.CanonicalIssuer, UriKind.Absolute);
        var issuer = HostString.FromUriComponent(issuerUri);
        app.Use((http, next) =>
        {
            http.Request.Host = issuer;
            http.Request.Scheme = issuerUri.Scheme;
            return next(http);
        });
        return app;
    }
}
