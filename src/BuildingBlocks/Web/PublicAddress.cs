using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace BuildingBlocks.Web;

/// <summary>
/// Every absolute URL a process builds (OpenIddict's discovery document, the cookie handler's sign-in redirect)
/// names the configured issuer's host, never the request's <c>Host</c> or <c>X-Forwarded-Host</c>: either can be
/// set by a client, and a discovery document or a redirect naming its host sends users and tokens there (L2).
/// The scheme stays the request's (<c>X-Forwarded-Proto</c> from the gateway), so plain-HTTP calls inside the
/// data centre keep working.
/// </summary>
public static class PublicAddress
{
    public static WebApplication UseIssuerAsPublicHost(this WebApplication app)
    {
        var auth = app.Configuration.GetSection(ShopAuthOptions.Section).Get<ShopAuthOptions>() ?? new ShopAuthOptions();
        var issuer = HostString.FromUriComponent(new Uri(auth.CanonicalIssuer, UriKind.Absolute));
        app.Use((http, next) =>
        {
            http.Request.Host = issuer;
            return next(http);
        });
        return app;
    }
}
