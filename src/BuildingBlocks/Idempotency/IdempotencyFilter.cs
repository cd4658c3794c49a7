using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Idempotency;

public static class IdempotencyEndpoints
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// Makes an endpoint idempotent on the <c>Idempotency-Key</c> header: a repeat with the same bound
    /// <typeparamref name="TBody"/> replays the first 2xx answer, another body is 422, a repeat while the
    /// first is running is 409. Records live in <typeparamref name="TContext"/>, the module's own database.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotencyKey<TContext, TBody>(this RouteHandlerBuilder builder)
        where TContext : DbContext where TBody : class =>
        builder.AddEndpointFilter(new IdempotencyFilter<TContext, TBody>())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

internal sealed class IdempotencyFilter<TContext, TBody> : IEndpointFilter
    where TContext : DbContext
    where TBody : class
{
    // How long a claimed key answers 409 before another request may take it over (its first holder crashed): the
    // gateway gives up on a request after 30 s, and a duplicate run is harmless anyway (orders are unique per key).
    private static readonly TimeSpan InFlightLock = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[IdempotencyEndpoints.Header].ToString();
        if (!IsValidKey(key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyEndpoints.Header]
                    = ["The Idempotency-Key header is required: 1 to 64 printable ASCII characters."],
            });
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = context.Arguments.OfType<TBody>().FirstOrDefault();
        var requestHash = Hash(JsonSerializer.Serialize(body, json));
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var recordKey = Hash($"{http.User.FindFirst("sub")?.Value}\n{http.Request.Method} {route}\n{key}");

        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var store = new IdempotencyStore(scope.ServiceProvider.GetRequiredService<TContext>(), TimeProvider.System);
        var (record, claimed) = await store.ClaimAsync(
            recordKey,
            requestHash,
            InFlightLock,
            Retention,
            http.RequestAborted);
        if (!claimed)
        {
            return Refuse(record!, requestHash, http);
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await store.ReleaseAsync(recordKey, CancellationToken.None);
            throw;
        }

        var answer = result is INestedHttpResult nested ? nested.Result : result;
        if (answer is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
        {
            var value = (answer as IValueHttpResult)?.Value;
            var location = answer.GetType().GetProperty("Location")?.GetValue(answer) as string;
            await store.CompleteAsync(
                recordKey,
                success.StatusCode!.Value,
                value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json),
                location,
                CancellationToken.None);
        }
        else
        {
            await store.ReleaseAsync(recordKey, CancellationToken.None);
        }

        return result;
    }

    private static IResult Refuse(IdempotencyRecord record, string requestHash, HttpContext http)
    {
        if (record.RequestHash != requestHash)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused with another request",
                detail: "This Idempotency-Key was already used with a different request body.");
        }

        if (record.CompletedAt is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Request in progress",
                detail: "A request with this Idempotency-Key is still being processed; retry later.");
        }

        if (record.Location is not null)
        {
            http.Response.Headers.Location = record.Location;
        }

        return record.ResponseBody is null
            ? TypedResults.StatusCode(record.StatusCode)
            : TypedResults.Text(
                record.ResponseBody,
                "application/json; charset=utf-8",
                Encoding.UTF8,
                record.StatusCode);
    }

    private static bool IsValidKey(string key) =>
        key.Length is >= 1 and <= 64 && key.All(c => c is >= '!' and <= '~' or ' ');

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
