using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Shop.Client.Auth;
using Shop.Client.Generated;
using Shop.Client.Idempotency;
using Shop.Client.Problems;

namespace Shop.Client;

/// <summary>Makes the typed client (<see cref="ShopApi"/>, generated) over an HTTP pipeline of the hand-written
/// layer.</summary>
public static class ShopApiFactory
{
    /// <summary>
    /// The typed client over an <see cref="HttpClient"/> as it is: its <see cref="HttpClient.BaseAddress"/> is the
    /// shop's address, its handlers are the caller's (for tests that look at raw answers, or an app with its own
    /// pipeline). Kiota's own middleware (which retries any request on 503) is not added.
    /// </summary>
    public static ShopApi Create(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress?.ToString().TrimEnd('/')
                ?? throw new ArgumentException("The HttpClient needs a BaseAddress: the shop's address.", nameof(http)),
        };
        return new ShopApi(adapter);
    }

    /// <summary>
    /// The typed client with the whole layer: problem answers thrown as <see cref="ShopApiProblemException"/>,
    /// an <c>Idempotency-Key</c> on checkout and order placement reused by retries, and bearer tokens from
    /// <paramref name="tokens"/> (none: anonymous) refreshed before they expire.
    /// </summary>
    public static ShopApi Create(
        Uri baseAddress,
        TokenSource? tokens = null,
        ShopClientOptions? options = null,
        HttpMessageHandler? transport = null) =>
        Create(CreateHttpClient(baseAddress, tokens, options, transport));

    /// <summary>The pipeline <see cref="Create(Uri, TokenSource?, ShopClientOptions?, HttpMessageHandler?)"/> uses,
    /// for callers that want an <see cref="HttpClient"/> of their own (raw calls, another generator).</summary>
    public static HttpClient CreateHttpClient(
        Uri baseAddress,
        TokenSource? tokens = null,
        ShopClientOptions? options = null,
        HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        options ??= new ShopClientOptions();
        HttpMessageHandler handler = transport ?? CreateTransport();
        if (tokens is not null)
        {
            handler = new BearerTokenHandler(tokens) { InnerHandler = handler };
        }

        // Outermost: a retry sends the request again through token handling, with the same Idempotency-Key.
        handler = new IdempotentRetryHandler(options) { InnerHandler = handler };
        // The answer's headers (a product's ETag, to send back in If-Match) for a call that asks with a
        // HeadersInspectionHandlerOption: the generated methods return the body alone.
        handler = new HeadersInspectionHandler { InnerHandler = handler };
        handler = new ProblemDetailsHandler { InnerHandler = handler };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = options.Timeout };
    }

    /// <summary>
    /// The transport the client uses unless it is given one: connections renewed every 5 minutes (DNS changes are
    /// seen), and no cookies. The API authenticates with bearer tokens; a client that serves many users (the
    /// storefront's) must not send the cookie of an answer to one user with the next user's request.
    /// </summary>
    public static SocketsHttpHandler CreateTransport() =>
        new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false };
}
