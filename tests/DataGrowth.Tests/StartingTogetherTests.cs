using System.Net;
using System.Text.Json.Nodes;
using DataGrowth.Tests.Infrastructure;

namespace DataGrowth.Tests;

/// <summary>
/// Several Hosts that start at once on one PostgreSQL database, as the scaled topology's do after a deploy: each
/// migrates, seeds and registers the OAuth clients of a fresh database, and only one may do each.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class StartingTogetherTests
{
    private const int Hosts = 3;

    [PostgresFact]
    public async Task Migrate_commands_run_together_on_a_fresh_database_all_succeed()
    {
        using var postgres = new PostgresPlace();

        var runs = await Task.WhenAll(
            Enumerable.Range(0, Hosts).Select(_ => HostProcess.RunAsync(postgres.Settings, "migrate")));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        // Nothing failed on the way either: EF Core's read of a missing migrations history logged as an error.
        Assert.All(runs, run => Assert.False(run.Output.Contains("fail:", StringComparison.Ordinal), run.ToString()));
        var verify = await HostProcess.RunAsync(postgres.Settings, "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [PostgresFact]
    public async Task Hosts_that_start_together_on_a_fresh_database_serve_one_catalog_seeded_once_and_one_admin()
    {
        using var postgres = new PostgresPlace();
        await StartedTogetherAsync(postgres.Settings, "together", Ports.Free(), async hosts =>
        {
            var catalogs = new List<JsonNode>();
            foreach (var host in hosts)
            {
                using var client = host.CreateHttpClient();
                var answer = await client.GetAsync("/api/catalog/products?pageSize=100");
                await Shop.Expect(answer, HttpStatusCode.OK, "the seeded catalog");
                catalogs.Add(await answer.Json());
            }

            var skus = catalogs[0]["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>()).ToList();
            Assert.NotEmpty(skus);
            Assert.Equal(skus.Count, catalogs[0]["totalCount"]!.GetValue<int>());
            Assert.All(catalogs, catalog => Assert.Equal(
                skus, catalog["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>())));

            foreach (var host in hosts)
            {
                using var admin = await Accounts.Admin(host);
                await Shop.Expect(
                    await admin.GetAsync("/api/orders?pageSize=1"), HttpStatusCode.OK, "the seeded admin's orders");
            }
        });
    }

    [PostgresFact]
    public async Task Hosts_that_start_together_share_one_key_ring_so_tokens_of_one_are_good_at_every_other()
    {
        using var postgres = new PostgresPlace();
        var migrated = await HostProcess.RunAsync(postgres.Settings, "migrate");
        Assert.True(migrated.ExitCode == 0, migrated.ToString());
        var first = Ports.Free();

        // On a migrated database with no keys yet, nothing else orders the starts: each reaches its key ring at
        // once. One issuer for all, as behind the gateway.
        var settings = new Dictionary<string, string>(postgres.Settings)
        {
            ["Auth:Issuer"] = $"http://127.0.0.1:{first}/",
            ["Database:MigrateOnStartup"] = "false",
        };
        await StartedTogetherAsync(settings, "together-keys", first, async hosts =>
        {
            // Signed (access token) and encrypted (refresh token) by the first Host; read by every other.
            var customer = await Tokens.NewCustomerAsync(hosts[0]);
            foreach (var host in hosts)
            {
                using var client = host.CreateAuthorizedClient(customer.AccessToken);
                await Shop.Expect(await client.GetAsync("/api/cart"), HttpStatusCode.OK, "the customer's cart");
            }

            var refreshed = await Tokens.RefreshAsync(hosts[^1], customer.RefreshToken!);
            Assert.False(string.IsNullOrEmpty(refreshed.AccessToken));
        });
    }

    /// <summary>Starts <see cref="Hosts"/> Hosts at once (the first on <paramref name="firstPort"/>), runs
    /// <paramref name="test"/> on them, and stops every one that started.</summary>
    private static async Task StartedTogetherAsync(
        IReadOnlyDictionary<string, string> settings, string folder, int firstPort, Func<HostProcess[], Task> test)
    {
        var work = Places.NewFolder(folder);
        var ports = Enumerable.Range(1, Hosts - 1).Select(_ => Ports.Free()).Prepend(firstPort);
        var starts = ports.Select(port => HostProcess.StartAsync(settings, port, work)).ToList();
        try
        {
            await test(await Task.WhenAll(starts));
        }
        finally
        {
            // Task.WhenAll above waited for every start: those that failed stopped their own process.
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }
        }
    }
}
