namespace Shop.Client.Auth;

/// <summary>
/// Signs a user in on a device without a browser (a command line), by the device authorization grant (RFC 8628):
/// asks for a device code, has <paramref name="prompt"/> show the user code and where to enter it, then polls the
/// token endpoint every interval until the user approves (a token), denies (<c>access_denied</c>) or the code
/// expires (<c>expired_token</c>); <c>slow_down</c> adds 5 seconds to the interval, as the RFC says.
/// </summary>
public sealed class DeviceCodeTokenSource(
    TokenEndpointClient endpoint,
    string clientId,
    string scope,
    Func<DeviceAuthorization, CancellationToken, Task> prompt)
    : TokenSource(endpoint, clientId)
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    protected override async Task<TokenSet> AcquireAsync(CancellationToken cancellationToken)
    {
        var device = await Endpoint.RequestDeviceCodeAsync(
            new Dictionary<string, string> { ["client_id"] = ClientId, ["scope"] = scope },
            cancellationToken);
        await prompt(device, cancellationToken);
        return await PollAsync(device, cancellationToken);
    }

    /// <summary>Polls for the tokens of an authorization already shown to the user.</summary>
    public async Task<TokenSet> PollAsync(DeviceAuthorization device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        var interval = device.Interval > TimeSpan.Zero ? device.Interval : SlowDownStep;
        while (true)
        {
            await Task.Delay(interval, Endpoint.Clock, cancellationToken);
            if (Endpoint.Clock.GetUtcNow() >= device.ExpiresAt)
            {
                throw new OAuthException("expired_token", "The code expired before it was approved; sign in again.");
            }

            try
            {
                return await Endpoint.RequestTokenAsync(
                    new Dictionary<string, string>
                    {
                        ["grant_type"] = GrantType, ["device_code"] = device.DeviceCode, ["client_id"] = ClientId,
                    },
                    cancellationToken);
            }
            catch (OAuthException e) when (e.Error == "authorization_pending")
            {
            }
            catch (OAuthException e) when (e.Error == "slow_down")
            {
                interval += SlowDownStep;
            }
        }
    }
}
