using System.Net;
using System.Text.Json;
using Identity.Keys;
using TestSupport;

namespace Identity.Tests;

public sealed class KeyRotationTests
{
    private static readonly KeySettings Settings = new()
    {
        RotationInterval = TimeSpan.FromDays(30),
        PublicationLead = TimeSpan.FromDays(2),
    };
    private static readonly TimeSpan Longest = TimeSpan.FromDays(14);
    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_first_start_creates_a_signing_key_and_an_encryption_key()
    {
        var due = KeySchedule.Due([], Now, Settings, Longest);
        var signing = Assert.Single(due, k => k.Use == SigningKeyRecord.Signing);
        Assert.Single(due, k => k.Use == SigningKeyRecord.Encryption);
        Assert.True(signing.ActivatesAt <= Now && Now < signing.SignsUntil);
        Assert.True(signing.ExpiresAt >= signing.SignsUntil + Longest);
    }

    [Fact]
    public void Nothing_is_due_in_the_middle_of_a_key_life_and_a_restart_reuses_the_keys()
    {
        var keys = KeySchedule.Due([], Now, Settings, Longest);
        Assert.Empty(KeySchedule.Due(keys, Now.AddDays(10), Settings, Longest));
    }

    [Fact]
    public void The_next_key_is_published_before_it_signs_and_the_old_one_stays_until_its_tokens_expired()
    {
        var keys = KeySchedule.Due([], Now, Settings, Longest);
        var current = keys.Single(k => k.Use == SigningKeyRecord.Signing);

        var next = Assert.Single(KeySchedule.Due(keys, current.SignsUntil.AddDays(-1), Settings, Longest));
        Assert.Equal(current.SignsUntil, next.ActivatesAt);
        keys.Add(next);

        Assert.Empty(KeySchedule.Expired(keys, current.SignsUntil.AddDays(1)));
        Assert.Equal([current], KeySchedule.Expired(keys, current.ExpiresAt.AddSeconds(1)));
    }

    [Fact]
    public async Task The_host_publishes_the_next_key_in_the_jwks_while_the_current_one_signs()
    {
        // A publication lead longer than the rotation interval: the next key is created at once.
        using var host = new ShopHost(settings: new Dictionary<string, string?>
        {
            ["Identity:Keys:RotationInterval"] = "1.00:00:00",
            ["Identity:Keys:PublicationLead"] = "2.00:00:00",
        });
        var tokens = await Tokens.ClientCredentialsAsync(host);
        using var client = host.CreateHttpClient();
        using var jwks = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks"));
        var kids = jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString())
            .ToArray();

        Assert.Equal(2, kids.Length);
        var signer = Jwt.Read(tokens.AccessToken).Kid;
        Assert.Contains(signer, kids);

        // The signer is the key that is valid now, not the published one.
        var ring = (KeyRing)host.Services.GetService(typeof(KeyRing))!;
        var active = ring.Current.SigningKeys.Single(k => k.Certificate.NotBefore <= DateTime.Now);
        Assert.Equal(active.KeyId, signer);
    }

    [Fact]
    public async Task A_running_host_rotates_keys_publishing_each_before_it_signs_and_keeping_the_old_one()
    {
        // Keys that sign for eight seconds, the next one published five seconds ahead, checked twice a second.
        using var host = new ShopHost(settings: new Dictionary<string, string?>
        {
            ["Identity:Keys:RotationInterval"] = "00:00:08",
            ["Identity:Keys:PublicationLead"] = "00:00:05",
            ["Identity:Keys:CheckInterval"] = "00:00:00.500",
        });
        var user = await Tokens.RegisterAndSignInAsync(host, Tokens.UniqueEmail(), "Passw0rd!x-2026");
        var firstKid = Jwt.Read(user.AccessToken).Kid;

        var published = new HashSet<string>(await PublishedKidsAsync(host));
        await Eventually.Until(async () =>
        {
            var kid = Jwt.Read((await Tokens.ClientCredentialsAsync(host)).AccessToken).Kid;
            Assert.True(published.Contains(kid), $"{kid} signed before it was seen in the JWKS");
            published.UnionWith(await PublishedKidsAsync(host));
            return kid;
        }, kid => kid != firstKid, TimeSpan.FromSeconds(30), "a new key signs");

        // The old key is still published, and what it signed is still accepted.
        Assert.Contains(firstKid, await PublishedKidsAsync(host));
        using var api = host.CreateAuthorizedClient(user.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/connect/userinfo")).StatusCode);
    }

    private static async Task<string[]> PublishedKidsAsync(ShopHost host)
    {
        using var client = host.CreateHttpClient();
        using var jwks = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks"));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray()
            .Select(k => k.GetProperty("kid").GetString()!)];
    }
}
