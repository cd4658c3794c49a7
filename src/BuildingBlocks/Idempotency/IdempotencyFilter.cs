using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BuildingBlocks.Leases;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
            .WithMetadata(IdempotencyKeyMetadata.Instance)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

internal sealed class IdempotencyFilter<TContext, TBody> : IEndpointFilter
    where TContext : DbContext where TBody : class
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[IdempotencyEndpoints.Header].ToString();
        if (!IsValidKey(key))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyEndpoints.Header] =
                    ["The Idempotency-Key header is required: 1 to 64 printable ASCII characters."],
            });
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = context.Arguments.OfType<TBody>().FirstOrDefault();
        var requestHash = Hash(JsonSerializer.Serialize(body, json));
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var recordKey = Hash($"{http.User.FindFirst("sub")?.Value}\n{http.Request.Method} {route}\n{key}");

        // The claim is a lease in this process instance's name, renewed while the request runs: a request slower than
        // the lease keeps its key, and a key whose owner died is free again within Leases:Duration.
        var services = http.RequestServices;
        var leases = services.GetRequiredService<IOptions<LeaseOptions>>().Value;
        var owner = IdempotencyStore.OwnerOf(services.GetRequiredService<ProcessInstance>());
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        await using var scope = scopes.CreateAsyncScope();
        var store = new IdempotencyStore<TContext>(
            scope.ServiceProvider.GetRequiredService<TContext>(), TimeProvider.System);
        var (record, claimed) = await store.ClaimAsync(
            recordKey, requestHash, owner, leases.Duration, Retention, http.RequestAborted);
        if (!claimed)
        {
            return Refuse(record!, requestHash, http);
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdempotencyEndpoints));
        var heartbeat = LeaseHeartbeat.Start(async cancellationToken =>
        {
            await using var beat = scopes.CreateAsyncScope();
            return await new IdempotencyStore<TContext>(
                    beat.ServiceProvider.GetRequiredService<TContext>(), TimeProvider.System)
                .RenewAsync(recordKey, owner, leases.Duration, cancellationToken);
        }, leases, logger, "an Idempotency-Key in flight");

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await heartbeat.DisposeAsync();
            await store.ReleaseAsync(recordKey, owner, CancellationToken.None);
            throw;
        }

        // The last renewal left most of a lease: enough to record the answer.
        await heartbeat.DisposeAsync();

        var answer = result is INestedHttpResult nested ? nested.Result : result;
        if (answer is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
        {
            var value = (answer as IValueHttpResult)?.Value;
            var location = answer.GetType().GetProperty("Location")?.GetValue(answer) as string;
            var answered = value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json);
            await store.CompleteAsync(
                recordKey, owner, success.StatusCode!.Value, answered, location, CancellationToken.None);
        }
        else
        {
            await store.ReleaseAsync(recordKey, owner, CancellationToken.None);
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
                record.ResponseBody, "application/json; charset=utf-8", Encoding.UTF8, record.StatusCode);
    }

    private static bool IsValidKey(string key) =>
        key.Length is >= 1 and <= 64 && key.All(c => c is >= '!' and <= '~' or ' ');

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
