using System.Net.Http.Headers;
using System.Text.Json;
using BuildingBlocks.Web;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Gateway.Aggregation;

/// <summary>
/// <c>GET /api/me</c>: the signed-in user's profile, cart and five latest orders in one answer, fetched in
/// parallel from the identity, cart and ordering clusters with the caller's own token (each module checks it and its
/// scope again). A part that fails is <c>null</c> with an entry in <c>errors</c>; the whole never fails for one part.
/// </summary>
internal static class MeEndpoint
{
    public const string ClientName = "clusters";

    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/me", async (
            HttpContext http, IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            var client = clients.CreateClient(ClientName);
            var parts = await Task.WhenAll(
                FetchAsync(client, http, "user", "identity", "/connect/userinfo", cancellationToken),
                FetchAsync(client, http, "cart", "cart", "/api/cart", cancellationToken),
                FetchAsync(client, http, "orders", "ordering", "/api/orders?page=1&pageSize=5", cancellationToken));
            return Results.Ok(new Me(
                parts[0].Value,
                parts[1].Value,
                parts[2].Value,
                [.. parts.Where(p => p.Error is not null).Select(p => p.Error!)]));
        })
        .RequireAuthorization()
        .WithName("Me");
        return endpoints;
    }

    private static async Task<Part> FetchAsync(
        HttpClient client,
        HttpContext http,
        string name,
        string cluster,
        string path,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{cluster}{path}");
        request.Headers
            .TryAddWithoutValidation(HeaderNames.Authorization, http.Request.Headers.Authorization.ToString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation(CorrelationHeader, http.Request.Headers[CorrelationHeader].ToString());
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", http.Connection.RemoteIpAddress?.ToString());
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", http.Request.Scheme);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", http.Request.Host.Value);
        var secret = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.ForwardedSecret;
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.TryAddWithoutValidation(GatewayProof.Header, secret);
        }
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new Part(
                    null,
                    new PartError(name, (int)response.StatusCode, await DetailAsync(response, cancellationToken)));
            }

            using var json = await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken),
                cancellationToken: cancellationToken);
            return new Part(json.RootElement.Clone(), null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && e is HttpRequestException or TimeoutException
                or JsonException or OperationCanceledException or Polly.ExecutionRejectedException)
        {
            var status = e is TimeoutException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException
                ? 504
                : 502;
            return new Part(null, new PartError(name, status, $"The {name} could not be fetched: {e.GetType().Name}."));
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Headers.WwwAuthenticate.Count > 0)
        {
            return response.Headers.WwwAuthenticate.ToString();
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("detail", out var detail)
                ? detail.ToString()
                : response.ReasonPhrase ?? "";
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "";
        }
    }

    private const string CorrelationHeader = "X-Correlation-Id";

    private sealed record Part(JsonElement? Value, PartError? Error);

    internal sealed record PartError(string Part, int Status, string Detail);

    internal sealed record Me(
        JsonElement? User,
        JsonElement? Cart,
        JsonElement? Orders,
        IReadOnlyList<PartError> Errors);
}
