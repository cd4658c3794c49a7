using System.Diagnostics;
using System.Net;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests;

/// <summary>
/// L1 (issue #14): a revoked grant's access token is refused by every process within 5 seconds, in every topology: at
/// the entry (the monolith's Host, or the gateway), and on each Host or module process reached directly, all of which
/// had already validated (and remembered) the token.
/// </summary>
[Collection(DeploymentCollection.Name)]
public sealed class RevocationTests(Deployment shop)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task L1_a_revoked_grant_is_refused_at_the_entry_and_on_every_process_within_5_s()
    {
        var tokens = await Tokens.NewCustomerAsync(shop);
        using var entry = shop.CreateHttpClient();
        entry.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        var probes = new List<(string Where, HttpClient Client, string Path)> { ("entry", entry, "/api/cart") };
        if (Deployment.Launched)
        {
            if (Deployment.Topology == Topology.Split)
            {
                probes.Add(("cart process", Recovery.Direct(shop.Processes, "cart", entry), "/api/cart"));
                probes.Add(("ordering process", Recovery.Direct(shop.Processes, "ordering", entry), "/api/orders"));
            }
            else if (Deployment.Topology == Topology.Scaled)
            {
                probes.Add(("host-1", Recovery.Direct(shop.Processes, "host-1", entry), "/api/cart"));
                probes.Add(("host-2", Recovery.Direct(shop.Processes, "host-2", entry), "/api/orders"));
            }
        }

        foreach (var (where, client, path) in probes)
        {
            Assert.True(
                (await client.GetAsync(path)).StatusCode == HttpStatusCode.OK,
                $"{where}: the token works before the revocation");
        }

        using (var anonymous = shop.CreateHttpClient())
        {
            var revoke = await anonymous.PostAsync("/connect/revoke", Tokens.Form(new()
            {
                ["client_id"] = Tokens.Storefront, ["token"] = tokens.RefreshToken!,
                ["token_type_hint"] = "refresh_token",
            }));
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        var since = Stopwatch.StartNew();
        foreach (var (where, client, path) in probes)
        {
            var left = Within - since.Elapsed;
            using var refused = await Eventually.Until(
                () => client.GetAsync(path),
                r => r.StatusCode == HttpStatusCode.Unauthorized,
                left > TimeSpan.Zero ? left : TimeSpan.Zero,
                $"{where} refuses the revoked grant's access token");
            Assert.Contains(
                refused.Headers.WwwAuthenticate,
                h => h.Scheme == "Bearer" && h.Parameter?.Contains("invalid_token", StringComparison.Ordinal) == true);
        }

        Assert.InRange(since.Elapsed, TimeSpan.Zero, Within);
        foreach (var (_, client, _) in probes.Skip(1))
        {
            client.Dispose();
        }
    }
}
