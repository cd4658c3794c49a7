using System.Diagnostics;
using BuildingBlocks.Modules;
using BuildingBlocks.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Web;

/// <summary>Turns every exception into an RFC 9457 answer; only unexpected ones are 500, and never with a stack trace
/// outside Development.</summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems,
    IHostEnvironment environment,
    ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext http,
        Exception exception,
        CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            // Minimal APIs wrap a body that was too large (413) in a "failed to read" 400: answer with the real cause.
            BadHttpRequestException { InnerException: BadHttpRequestException { StatusCode: 413 } inner } => Problem(
                413,
                BadRequestDetail(inner)),
            BadHttpRequestException bad => Problem(bad.StatusCode, BadRequestDetail(bad)),
            // A form checked with IAntiforgery.IsRequestValidAsync that cannot even be read (a NUL in a value).
            Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => Problem(
                400,
                "The form could not be read, or it did not come from this site; reload the page and send it again."),
            ValidationException invalid => new HttpValidationProblemDetails(
                new FluentValidation.Results.ValidationResult(invalid.Errors).ToErrorDictionary()) { Status = 400 },
            DbUpdateConcurrencyException => Problem(
                409,
                "The resource was changed by another request; reload it and retry."),
            ModuleUnavailableException => Problem(503, "A module needed for this request is not reachable."),
            OperationCanceledException when http.RequestAborted
                .IsCancellationRequested => Problem(499, "The client closed the request."),
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception, http.Request.Method, http.Request.Path);
            problem = Problem(
                500,
                environment.IsDevelopment() ? exception.ToString() : "An unexpected error occurred.");
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(
            new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string detail) => new() { Status = status, Detail = detail };

    private static string BadRequestDetail(BadHttpRequestException bad) => bad.StatusCode switch
    {
        413 => "The request body is larger than this server accepts.",
        415 => "The request body must be JSON (Content-Type: application/json).",
        _ when bad.InnerException is System.Text.Json.JsonException json =>
            $"The request body is not valid JSON for this endpoint{(json.Path is null ? "" : $" (at {json.Path})")}.",
        _ => bad.Message,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}

internal static class ProblemDetailsDefaults
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        problem.Type ??= $"https://httpstatuses.io/{problem.Status}";
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status ?? 500);
        problem.Detail ??= problem.Title;
    }
}
