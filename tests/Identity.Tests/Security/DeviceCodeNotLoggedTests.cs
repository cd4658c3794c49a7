using System.Net;
using System.Text.Json;
using TestSupport;

namespace Identity.Tests.Security;

/// <summary>
/// Like L6's verifier: a device code redeems the user's tokens for the public <c>shop-cli</c> client, so it never
/// reaches the logs, neither in the device endpoint's answer nor in the token requests that poll with it.
/// </summary>
public sealed class DeviceCodeNotLoggedTests
{
    [Fact]
    public async Task The_device_code_is_sent_to_the_device_and_redacted_in_the_logs()
    {
        var logs = new CapturedLogs();
        using var host = new ShopHost(configure: logs.AddTo);
        using var client = host.CreateHttpClient();

        using var started = await client.PostAsync("/connect/device", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["client_id"] = "shop-cli", ["scope"] = "openid cart" }));
        using var answer = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var deviceCode = answer.RootElement.GetProperty("device_code").GetString()!;
        using var poll = await client.PostAsync("/connect/token", new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
                ["client_id"] = "shop-cli",
                ["device_code"] = deviceCode,
            }));

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.True(deviceCode.Length >= 20, deviceCode); // the device gets the real code
        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode); // authorization_pending: the code was accepted
        // Both are logged (so the test looks where the code would be), without the code.
        Assert.Contains(logs.Lines, l => l.Contains("\"device_code\"", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(deviceCode, StringComparison.Ordinal));
    }
}
