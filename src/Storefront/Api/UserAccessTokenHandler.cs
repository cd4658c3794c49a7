using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Storefront.Session;

namespace Storefront.Api;

/// <summary>
/// Adds the signed-in shopper's access token to API calls. The token comes from the server-side session
/// (<see cref="ServerSideSessions"/>), already refreshed if it was about to expire (<see cref="TokenRefresh"/>);
/// anonymous pages call the API without one.
/// </summary>
internal sealed class UserAccessTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } http)
        {
            var session = await http.AuthenticateAsync(StorefrontSchemes.Cookie);
            if (session.Properties?.GetTokenValue("access_token") is { Length: > 0 } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
