using System.Net;
using System.Text.Json.Nodes;

namespace Shop.Cli.Api;

/// <summary>An HTTP error answer as the message a user reads and the exit code a script reads (RFC 9457 problem
/// details: its <c>detail</c> and field <c>errors</c> say what was wrong).</summary>
internal static class ApiErrors
{
    public static CliException From(HttpResponseMessage response, JsonNode? problem)
    {
        var detail = Detail(problem);
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new(ExitCodes.NotSignedIn,
                "Not signed in, or the session has ended (401): run shop login." + Suffix(detail)),
            HttpStatusCode.Forbidden => new(ExitCodes.Forbidden,
                "Not allowed (403): this needs another role or scope (admin commands need an administrator who " +
                "signed in with shop login)." + Suffix(detail)),
            HttpStatusCode.NotFound => new(ExitCodes.NotFound, "Not found (404)." + Suffix(detail)),
            HttpStatusCode.Conflict => new(ExitCodes.Conflict, "Refused by the shop's rules (409)." + Suffix(detail)),
            HttpStatusCode.PreconditionFailed => new(ExitCodes.Conflict,
                "It changed meanwhile (412): run the command again." + Suffix(detail)),
            HttpStatusCode.PreconditionRequired => new(ExitCodes.Conflict, "The shop wants a version (428)." +
                Suffix(detail)),
            HttpStatusCode.UnprocessableEntity => new(ExitCodes.Invalid,
                "Refused (422): the same request key was used with another request." + Suffix(detail)),
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => new(ExitCodes.Invalid,
                $"Invalid request ({status})." + Suffix(detail)),
            HttpStatusCode.TooManyRequests => new(ExitCodes.RateLimited,
                $"Too many requests (429): try again in {RetryAfter(response)}." + Suffix(detail)),
            _ => new(ExitCodes.Failure, $"The shop answered {status} {response.ReasonPhrase}." + Suffix(detail)),
        };
    }

    private static string RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? $"{Math.Ceiling(delta.TotalSeconds)} s" : "a moment";

    private static string Suffix(string? detail) => detail is null ? "" : "\n" + detail;

    private static string? Detail(JsonNode? problem)
    {
        if (problem is not JsonObject body)
        {
            return null;
        }

        var lines = new List<string>();
        if (body["detail"]?.GetValue<string>() is { Length: > 0 } detail)
        {
            lines.Add(detail);
        }

        if (body["errors"] is JsonObject errors)
        {
            foreach (var (field, messages) in errors)
            {
                var texts = messages is JsonArray list ? list.Select(m => m?.ToString()) : [messages?.ToString()];
                lines.AddRange(texts.Select(t => $"  {field}: {t}"));
            }
        }

        return lines.Count == 0 ? body["title"]?.GetValue<string>() : string.Join('\n', lines);
    }
}
