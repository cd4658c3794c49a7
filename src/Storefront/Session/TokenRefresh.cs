using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Storefront.Session;

/// <summary>
/// Runs on every request with a session: when the access token has less than <c>RefreshBefore</c> left, swaps the
/// refresh token for new tokens before the page calls the API. Refresh tokens roll and a reused one revokes the whole
/// grant, so two requests of one session never refresh at once: the second waits, then takes the tokens the first
/// stored. A refused refresh (revoked, expired) ends the session: the next page that needs it signs in again.
/// </summary>
internal sealed class TokenRefresh(
    ServerSideSessions sessions,
    IOptionsMonitor<OpenIdConnectOptions> oidc,
    IOptions<StorefrontSettings> settings,
    TimeProvider clock,
    ILogger<TokenRefresh> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public static Task ValidateAsync(CookieValidatePrincipalContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<TokenRefresh>().RefreshIfDueAsync(context);

    private async Task RefreshIfDueAsync(CookieValidatePrincipalContext context)
    {
        if (!IsDue(context.Properties) || !context.Properties.Items.TryGetValue(ServerSideSessions.KeyItem, out var key)
            || key is null)
        {
            return;
        }

        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(context.HttpContext.RequestAborted);
        try
        {
            // Another request of this session may have refreshed while this one waited.
            var current = await sessions.RetrieveAsync(key);
            if (current is null)
            {
                context.RejectPrincipal();
                return;
            }

            if (!IsDue(current.Properties))
            {
                Adopt(context, current.Properties);
                return;
            }

            var tokens = await RedeemAsync(current.Properties.GetTokenValue("refresh_token"), context.HttpContext
                .RequestAborted);
            if (tokens is null)
            {
                await sessions.RemoveAsync(key);
                context.RejectPrincipal();
                return;
            }

            var refreshed = current.Properties.Clone();
            refreshed.UpdateTokenValue("access_token", tokens.AccessToken);
            refreshed.UpdateTokenValue("refresh_token", tokens.RefreshToken ?? current.Properties
                .GetTokenValue("refresh_token") ?? "");
            if (tokens.IdToken is { Length: > 0 })
            {
                refreshed.UpdateTokenValue("id_token", tokens.IdToken);
            }

            refreshed.UpdateTokenValue("expires_at", (clock.GetUtcNow() + TimeSpan.FromSeconds(tokens.ExpiresIn))
                .ToString("o", CultureInfo.InvariantCulture));
            await sessions.RenewAsync(key, new AuthenticationTicket(current.Principal, refreshed, current
                .AuthenticationScheme));
            Adopt(context, refreshed);
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsDue(AuthenticationProperties properties) =>
        properties.GetTokenValue("expires_at") is { } value &&
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expires) &&
        expires - clock.GetUtcNow() < settings.Value.RefreshBefore;

    private static void Adopt(CookieValidatePrincipalContext context, AuthenticationProperties properties)
    {
        foreach (var name in new[] { "access_token", "refresh_token", "id_token", "expires_at" })
        {
            if (properties.GetTokenValue(name) is { } value)
            {
                context.Properties.UpdateTokenValue(name, value);
            }
        }
    }

    private async Task<TokenResponse?> RedeemAsync(string? refreshToken, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(refreshToken))
        {
            return null;
        }

        var options = oidc.Get(StorefrontSchemes.OpenIdConnect);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancel);
        using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint,
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = options.ClientId!,
                ["client_secret"] = options.ClientSecret!,
            }), cancel);
        if (!response.IsSuccessStatusCode)
        {
            logger.LogInformation("Refreshing a session's tokens was refused ({Status}): the session ends",
                (int)response.StatusCode);
            return null;
        }

        return await response.Content.ReadFromJsonAsync<TokenResponse>(cancel);
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("id_token")] string? IdToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
