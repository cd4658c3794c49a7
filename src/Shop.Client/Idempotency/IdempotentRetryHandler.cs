using System.Net;

namespace Shop.Client.Idempotency;

/// <summary>
/// Gives each POST to a route that honours <c>Idempotency-Key</c> (checkout, order placement) a new key unless it
/// carries one, and retries requests that may be repeated safely (GET, HEAD, PUT, DELETE, and those POSTs) when the
/// connection fails or the answer is 502, 503 or 504, with the same key: the server then answers with the first
/// attempt's order instead of placing a second. Other POSTs are sent once.
/// </summary>
public sealed class IdempotentRetryHandler(ShopClientOptions options) : DelegatingHandler
{
    public const string Header = "Idempotency-Key";

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && HonoursKey(request.RequestUri) && !request.Headers.Contains(Header))
        {
            request.Headers.Add(Header, options.NewIdempotencyKey());
        }

        if (!Repeatable(request) || options.MaxAttempts <= 1)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        // The body is read once and sent again from memory on each attempt.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var delay = options.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            // The first attempt sends the request itself: a copy per call is only worth it for the rare retry.
            using var copy = attempt == 1 ? null : Copy(request, body);
            TimeSpan? serverWait = null;
            try
            {
                var response = await base.SendAsync(copy ?? request, cancellationToken);
                if (attempt >= options.MaxAttempts || !Transient(response.StatusCode))
                {
                    return response;
                }

                serverWait = response.Headers.RetryAfter?.Delta;
                response.Dispose();
            }
            catch (HttpRequestException) when (attempt < options.MaxAttempts)
            {
                // The connection failed: the request may or may not have arrived; the key makes a repeat harmless.
            }

            var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * delay.TotalMilliseconds / 2);
            await Task.Delay(serverWait ?? delay + jitter, cancellationToken);
            delay *= 2;
        }
    }

    private bool HonoursKey(Uri? uri) =>
        uri is not null && options.IdempotentPostPaths.Contains(
            (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0]).TrimEnd('/'),
            StringComparer.OrdinalIgnoreCase);

    private static bool Repeatable(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Put
        || request.Method == HttpMethod.Delete || request.Headers.Contains(Header);

    private static bool Transient(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        foreach (var (key, value) in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[key] = value;
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var (name, values) in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return copy;
    }
}
