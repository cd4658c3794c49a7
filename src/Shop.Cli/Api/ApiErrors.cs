using System.Net;
using Shop.Client.Problems;

namespace Shop.Cli.Api;

/// <summary>An HTTP error answer as the message a user reads and the exit code a script reads (RFC 9457 problem
/// details: its <c>detail</c> and field <c>errors</c> say what was wrong).</summary>
internal static class ApiErrors
{
    public static CliException From(ShopApiProblemException problem)
    {
        var detail = Detail(problem);
        var status = (int)problem.Status;
        return problem.Status switch
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
                $"Too many requests (429): try again in {RetryAfter(problem)}." + Suffix(detail)),
            _ => new(ExitCodes.Failure, $"The shop answered {status} {problem.Title}." + Suffix(detail)),
        };
    }

    private static string RetryAfter(ShopApiProblemException problem) =>
        problem.RetryAfter is { } delta ? $"{Math.Ceiling(delta.TotalSeconds)} s" : "a moment";

    private static string Suffix(string? detail) => string.IsNullOrEmpty(detail) ? "" : "\n" + detail;

    private static string? Detail(ShopApiProblemException problem)
    {
        var lines = new List<string>();
        if (!string.IsNullOrEmpty(problem.Detail))
        {
            lines.Add(problem.Detail);
        }

        lines.AddRange(problem.Errors.SelectMany(e => e.Value.Select(m => $"  {e.Key}: {m}")));
        return lines.Count == 0 ? problem.Title : string.Join('\n', lines);
    }
}
