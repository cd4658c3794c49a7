using System.Net;
using TestSupport;

namespace Commerce.Tests;

/// <summary>
/// One refresh token redeemed many times at once (a client retrying, or a stolen copy racing its owner): one answer
/// carries new tokens, every other is refused as a second use would be (API.md: no reuse leeway). Here because this
/// suite also runs on PostgreSQL.
/// </summary>
public sealed class RefreshRaceTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task A_refresh_token_redeemed_ten_times_at_once_rolls_once_and_refuses_the_rest()
    {
        var tokens = await Tokens.NewCustomerAsync(shop.Host);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var client = shop.Host.CreateHttpClient();
            using var response = await Tokens.RefreshResponseAsync(client, tokens.RefreshToken!);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a =>
        {
            Assert.True(a.StatusCode == HttpStatusCode.BadRequest, $"{(int)a.StatusCode}: {a.Body}");
            Assert.Contains("invalid_grant", a.Body, StringComparison.Ordinal);
        });
    }
}
