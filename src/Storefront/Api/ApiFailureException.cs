using System.Net;

namespace Storefront.Api;

/// <summary>
/// The API answered with an error (a problem document), or did not answer at all (<see cref="Status"/> null: a
/// module down, a timeout). Pages turn it into a message for people, never a stack trace.
/// </summary>
public sealed class ApiFailureException(
    HttpStatusCode? status,
    string message,
    IReadOnlyDictionary<string, string[]>? errors = null,
    Exception? inner = null,
    string? title = null)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The problem's title: the kind of error, where the status alone does not tell.</summary>
    public string? Title { get; } = title;

    /// <summary>Validation messages by field, from a 400 problem.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    public bool IsUnavailable => Status is null or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError;

    /// <summary>What a shopper is told: the API's own detail for the errors they can act on (for a validation
    /// problem, its messages: "One or more validation errors occurred" told nobody which field), else a plain
    /// apology.</summary>
    public string ForPeople => IsUnavailable
        ? "This part of the shop is not answering right now. Please try again in a moment."
        : Errors.Count > 0 ? string.Join(" ", Errors.Values.SelectMany(messages => messages).Distinct()) : Message;
}
