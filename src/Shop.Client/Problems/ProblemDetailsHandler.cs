using System.Net;
using System.Text.Json;

namespace Shop.Client.Problems;

/// <summary>
/// Throws <see cref="ShopApiProblemException"/> for every answer that is not a success, with the problem's fields
/// when the body is <c>application/problem+json</c> (the shop's errors are), so callers catch one typed exception
/// whatever the operation, instead of the generator's per-operation error types.
/// </summary>
public sealed class ProblemDetailsHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || (int)response.StatusCode < 400)
        {
            return response;
        }

        using (response)
        {
            throw await ToExceptionAsync(response, cancellationToken);
        }
    }

    /// <summary>The exception for a refused answer (read from its body when it is a problem).</summary>
    public static async Task<ShopApiProblemException> ToExceptionAsync(
        HttpResponseMessage response,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        string? title = null, detail = null, type = null, traceId = null;
        Dictionary<string, string[]>? errors = null;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length > 0 && response.Content.Headers.ContentType?.MediaType is { } media
            && media.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                title = Text(root, "title");
                detail = Text(root, "detail");
                type = Text(root, "type");
                traceId = Text(root, "traceId");
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var fields)
                    && fields.ValueKind == JsonValueKind.Object)
                {
                    errors = fields.EnumerateObject().ToDictionary(
                        f => f.Name,
                        f => f.Value.ValueKind == JsonValueKind.Array
                            ? f.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                            : [f.Value.ToString()],
                        StringComparer.Ordinal);
                }
            }
            catch (JsonException)
            {
                detail = body;
            }
        }
        else if (body.Length > 0)
        {
            detail = body.Length > 500 ? body[..500] : body;
        }

        return new ShopApiProblemException(
            response.StatusCode == 0 ? HttpStatusCode.InternalServerError : response.StatusCode,
            title ?? response.ReasonPhrase,
            detail,
            type,
            traceId,
            errors,
            retryAfter);
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
