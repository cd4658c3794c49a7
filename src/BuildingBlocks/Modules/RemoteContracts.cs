using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace BuildingBlocks.Modules;

public static class RemoteContractRegistration
{
    /// <summary>
    /// Registers the HTTP <see cref="IRemoteContractTransport"/> when <c>Modules:Remote</c> names at least
    /// one base URL; otherwise does nothing (a contract of a module that does not run here is then a
    /// <see cref="ModuleUnavailableException"/>).
    /// </summary>
    public static IServiceCollection AddRemoteContracts(this IServiceCollection services, IConfiguration configuration)
    {
        var options = RemoteContractOptions.From(configuration);
        if (!options.IsConfigured)
        {
            return services;
        }

        services.AddSingleton(options);
        services.AddSingleton<ServiceTokenCache>();
        services.AddSingleton<RemoteContractsWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<RemoteContractsWarmUp>());
        services.AddHealthChecks().AddCheck<RemoteContractsWarmUp>("remote-contracts-warm-up", tags: ["ready"]);
        services.AddHttpClient(ServiceTokenCache.HttpClientName, client => client.Timeout = options.AttemptTimeout);
        services.AddHttpClient(
            HttpContractTransport.HttpClientName,
            client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("remote-contracts", pipeline =>
            {
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        Delay = options.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        // Only what the caller marked safe to repeat: queries and idempotent commands.
                        ShouldHandle = args => ValueTask.FromResult(
                            HttpContractTransport.IsRetryable(args.Context.GetRequestMessage())
                                && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });
        services.AddSingleton<IRemoteContractTransport, HttpContractTransport>();
        return services;
    }
}

/// <summary>
/// Sends a contract message as <c>POST {base}/internal/{module}/contracts/{ContractTypeName}</c> with the
/// service token, and reads the response type back from the JSON answer. Typed errors
/// (<see cref="Contracts.ContractResult{T}"/>) are part of that answer, so they arrive unchanged. Whatever
/// keeps the answer from arriving (refused connection, timeouts, 5xx after the retries, a refused token)
/// is a <see cref="ModuleUnavailableException"/>.
/// </summary>
internal sealed partial class HttpContractTransport(
    IHttpClientFactory clients,
    ServiceTokenCache tokens,
    RemoteContractOptions options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    ILogger<HttpContractTransport> logger) : IRemoteContractTransport
{
    public const string HttpClientName = "remote-contracts";

    private static readonly HttpRequestOptionsKey<bool> Retryable = new(
        "BuildingBlocks.Modules.RemoteContracts.Retryable");

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    internal static bool IsRetryable(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Retryable, out var retryable) && retryable;

    /// <summary>The path an owner serves a contract on, relative to its base URL (the Gateway's internal routes forward
    /// it unchanged).</summary>
    public static string PathOf(string module, Type contractType) =>
        $"internal/{module.ToLowerInvariant()}/contracts/{contractType.Name}";

    public async ValueTask<TResponse> Send<TResponse>(
        string module,
        IRequest<TResponse> message,
        bool retryable,
        CancellationToken cancellationToken)
    {
        var baseAddress = options.BaseAddressOf(module);
        if (baseAddress is null)
        {
            LogNoAddress(logger, module);
            throw new ModuleUnavailableException(module, "no base address is configured for it");
        }

        var uri = new Uri(baseAddress, PathOf(module, message.GetType()));
        var body = JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), _json);
        try
        {
            var token = await tokens.GetAsync(cancellationToken);
            var response = await PostAsync(uri, body, token, retryable, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                // Expired early, or signed with a key the owner does not know yet: one new token, one more try.
                response.Dispose();
                tokens.Invalidate(token);
                response = await PostAsync(
                    uri,
                    body,
                    await tokens.GetAsync(cancellationToken),
                    retryable,
                    cancellationToken);
            }

            using (response)
            {
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    LogRefused(logger, module, uri, (int)response.StatusCode);
                    throw new ModuleUnavailableException(module, $"{uri} answered {(int)response.StatusCode}");
                }

                return (await response.Content.ReadFromJsonAsync<TResponse>(_json, cancellationToken))!;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or JsonException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(logger, exception, module, uri);
            throw new ModuleUnavailableException(module, $"the call to {uri} failed", exception);
        }
    }

    private Task<HttpResponseMessage> PostAsync(
        Uri uri,
        byte[] body,
        string token,
        bool retryable,
        CancellationToken cancellationToken)
    {
        // Buffered content: the retry strategy may send the same request more than once.
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Options.Set(Retryable, retryable);
        return SendAndDisposeRequestAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        using (request)
        {
            return await clients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "No remote base URL is configured for module {Module} "
            + "(set Modules:Remote:BaseUrl or Modules:Remote:<module>)")]
    private static partial void LogNoAddress(ILogger logger, string module);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Remote contract call to module {Module} at {Uri} answered {Status}")]
    private static partial void LogRefused(ILogger logger, string module, Uri uri, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Remote contract call to module {Module} at {Uri} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string module, Uri uri);
}
