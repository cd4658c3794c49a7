using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Client.Auth;

/// <summary>Form posts to the token endpoint (and the device authorization endpoint), errors as
/// <see cref="OAuthException"/>.</summary>
public sealed class TokenEndpointClient(HttpClient http, OAuthEndpoints endpoints, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public OAuthEndpoints Endpoints => endpoints;

    public TimeProvider Clock => _clock;

    public async Task<TokenSet> RequestTokenAsync(
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken = default)
    {
        using var response = await PostAsync(endpoints.Token, form, cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken)
            ?? throw new OAuthException("invalid_response", "The token endpoint answered with no body.");
        if (!response.IsSuccessStatusCode || answer.AccessToken is null)
        {
            throw new OAuthException(answer.Error ?? "invalid_response", answer.ErrorDescription);
        }

        return new TokenSet(
            answer.AccessToken,
            _clock.GetUtcNow().AddSeconds(answer.ExpiresIn ?? 300),
            answer.RefreshToken,
            answer.Scope);
    }

    public async Task<DeviceAuthorization> RequestDeviceCodeAsync(
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken = default)
    {
        using var response = await PostAsync(endpoints.DeviceAuthorization, form, cancellationToken);
        var answer = await response.Content.ReadFromJsonAsync<DeviceAnswer>(cancellationToken)
            ?? throw new OAuthException("invalid_response", "The device endpoint answered with no body.");
        if (!response.IsSuccessStatusCode || answer.DeviceCode is null || answer.UserCode is null
            || answer.VerificationUri is null)
        {
            throw new OAuthException(answer.Error ?? "invalid_response", answer.ErrorDescription);
        }

        return new DeviceAuthorization(
            answer.DeviceCode,
            answer.UserCode,
            new Uri(answer.VerificationUri),
            answer.VerificationUriComplete is null ? null : new Uri(answer.VerificationUriComplete),
            _clock.GetUtcNow().AddSeconds(answer.ExpiresIn ?? 600),
            TimeSpan.FromSeconds(answer.Interval ?? 5));
    }

    private async Task<HttpResponseMessage> PostAsync(
        Uri endpoint,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        var response = await http.PostAsync(endpoint, content, cancellationToken);
        var media = response.Content.Headers.ContentType?.MediaType;
        if (media is null || !media.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new OAuthException("invalid_response", $"{endpoint} answered {status} without JSON.");
        }

        return response;
    }

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("scope")] string? Scope,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);

    private sealed record DeviceAnswer(
        [property: JsonPropertyName("device_code")] string? DeviceCode,
        [property: JsonPropertyName("user_code")] string? UserCode,
        [property: JsonPropertyName("verification_uri")] string? VerificationUri,
        [property: JsonPropertyName("verification_uri_complete")] string? VerificationUriComplete,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("interval")] int? Interval,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);
}
