using System.Net;

namespace Shop.Client.Problems;

/// <summary>The shop refused a request with an RFC 9457 problem: what went wrong, for people (<see cref="Detail"/>)
/// and programs (<see cref="Status"/>, <see cref="Errors"/> per field for 400).</summary>
public sealed class ShopApiProblemException : Exception
{
    public ShopApiProblemException()
        : this(HttpStatusCode.InternalServerError, null, null, null, null, null, null)
    {
    }

    public ShopApiProblemException(string message)
        : this(HttpStatusCode.InternalServerError, null, message, null, null, null, null)
    {
    }

    public ShopApiProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public ShopApiProblemException(
        HttpStatusCode status,
        string? title,
        string? detail,
        string? type,
        string? traceId,
        IReadOnlyDictionary<string, string[]>? errors,
        TimeSpan? retryAfter)
        : base(Describe(status, title, detail, errors))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Type = type;
        TraceId = traceId;
        Errors = errors ?? new Dictionary<string, string[]>();
        RetryAfter = retryAfter;
    }

    public HttpStatusCode Status { get; }

    public string? Title { get; }

    public string? Detail { get; }

    public string? Type { get; }

    /// <summary>The server's trace id: quote it when asking the shop's operators about this request.</summary>
    public string? TraceId { get; }

    /// <summary>For 400: messages per field (<c>email</c>, <c>items[0].quantity</c>, <c>Idempotency-Key</c>...).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>For 429 and 503: how long the server asked to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(
        HttpStatusCode status,
        string? title,
        string? detail,
        IReadOnlyDictionary<string, string[]>? errors)
    {
        var text = $"{(int)status} {title ?? status.ToString()}: {detail ?? "(no detail)"}";
        return errors is { Count: > 0 }
            ? text + " " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
            : text;
    }
}
