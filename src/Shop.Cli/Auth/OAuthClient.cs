using System.Net;
using System.Text.Json.Nodes;

namespace Shop.Cli.Auth;

/// <summary>The two OAuth endpoints the CLI talks to as the public client <c>shop-cli</c>: the device authorization
/// endpoint and the token endpoint.</summary>
internal sealed class OAuthClient(HttpClient http, TimeProvider clock)
{
    public const string ClientId = "shop-cli";

    /// <summary>Every scope a user may hold; the server leaves out what this user may not have
    /// (<c>catalog.admin</c> for a customer).</summary>
    public const string Scopes = "openid profile email roles offline_access cart orders catalog.admin";

    public async Task<JsonObject> StartDeviceAuthorizationAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("connect/device", Form(new()
        {
            ["client_id"] = ClientId,
            ["scope"] = Scopes,
        }), cancellationToken);
        var body = await ReadObjectAsync(response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new CliException(ExitCodes.RateLimited, "Too many sign-in attempts from this address; " +
                $"try again in {response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 60:0} seconds.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new CliException(ExitCodes.Failure, $"The shop refused the sign-in: {Describe(body)}");
        }

        return body;
    }

    /// <summary>Polls the token endpoint until the user approved or denied, or the code expired.</summary>
    public async Task<StoredTokens> WaitForApprovalAsync(
        string deviceCode, TimeSpan interval, TimeSpan expiresIn, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + expiresIn;
        while (clock.GetUtcNow() < deadline)
        {
            await Task.Delay(interval, clock, cancellationToken);
            using var response = await http.PostAsync("connect/token", Form(new()
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
                ["client_id"] = ClientId,
                ["device_code"] = deviceCode,
            }), cancellationToken);
            var body = await ReadObjectAsync(response, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return Tokens(body);
            }

            switch (body["error"]?.GetValue<string>())
            {
                case "authorization_pending":
                    continue;
                case "slow_down":
                    interval += TimeSpan.FromSeconds(5);
                    continue;
                case "access_denied":
                    throw new CliException(ExitCodes.NotSignedIn, "The sign-in was denied on the verification page.");
                case "expired_token":
                    throw new CliException(ExitCodes.NotSignedIn, "The code expired before it was approved; " +
                        "run shop login again.");
                default:
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        interval += TimeSpan.FromSeconds(5);
                        continue;
                    }

                    throw new CliException(ExitCodes.Failure, $"The sign-in failed: {Describe(body)}");
            }
        }

        throw new CliException(ExitCodes.NotSignedIn, "The code expired before it was approved; run shop login again.");
    }

    /// <summary>A new access token (and the next refresh token: they roll); null when the session is over.</summary>
    public async Task<StoredTokens?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("connect/token", Form(new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ClientId,
            ["refresh_token"] = refreshToken,
        }), cancellationToken);
        var body = await ReadObjectAsync(response, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return Tokens(body);
        }

        return body["error"]?.GetValue<string>() == "invalid_grant"
            ? null
            : throw new CliException(
                response.StatusCode == HttpStatusCode.TooManyRequests ? ExitCodes.RateLimited : ExitCodes.Failure,
                $"The session could not be renewed ({(int)response.StatusCode}): {Describe(body)}");
    }

    /// <summary>Revokes a token at the server (RFC 7009); the answer is 200 whatever the token was.</summary>
    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("connect/revoke", Form(new()
        {
            ["client_id"] = ClientId,
            ["token"] = token,
        }), cancellationToken);
    }

    private StoredTokens Tokens(JsonObject body) => new(
        body["access_token"]!.GetValue<string>(),
        body["refresh_token"]?.GetValue<string>(),
        clock.GetUtcNow().AddSeconds(body["expires_in"]?.GetValue<int>() ?? 300),
        body["scope"]?.GetValue<string>() ?? "");

    private static string Describe(JsonObject body) =>
        body["error_description"]?.GetValue<string>() ?? body["error"]?.GetValue<string>() ?? body.ToJsonString();

    private static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        var text = await response.Content.ReadAsStringAsync(cancel);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return new JsonObject { ["error"] = $"HTTP {(int)response.StatusCode}" };
        }
    }

    private static FormUrlEncodedContent Form(Dictionary<string, string> fields) => new(fields);
}
