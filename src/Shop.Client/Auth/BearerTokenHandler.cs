using System.Net;
using System.Net.Http.Headers;

namespace Shop.Client.Auth;

/// <summary>Sends each request with a bearer token from <paramref name="tokens"/>; on a 401 (the token was revoked
/// or the clock disagrees) it renews the token once and sends the request again.</summary>
public sealed class BearerTokenHandler(TokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var token = await tokens.GetAccessTokenAsync(cancellationToken: cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        var renewed = await tokens.GetAccessTokenAsync(forceRenewal: true, cancellationToken);
        var again = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var (name, values) in request.Headers)
        {
            again.Headers.TryAddWithoutValidation(name, values);
        }

        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        if (body is not null)
        {
            again.Content = new ByteArrayContent(body);
            foreach (var (name, values) in request.Content!.Headers)
            {
                again.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return await base.SendAsync(again, cancellationToken);
    }
}
