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
        var verify = await HostProcess.RunAsync(postgres.Settings, "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [PostgresFact]
    public async Task Hosts_that_start_together_on_a_fresh_database_all_serve_the_catalog_seeded_once()
    {
        using var postgres = new PostgresPlace();
        var work = Places.NewFolder("together");
        var starts = Enumerable.Range(0, Hosts)
            .Select(_ => HostProcess.StartAsync(postgres.Settings, Ports.Free(), work)).ToList();
        try
        {
            await Task.WhenAll(starts);
            var catalogs = new List<JsonNode>();
            foreach (var start in starts)
            {
                using var client = start.Result.CreateHttpClient();
                var answer = await client.GetAsync("/api/catalog/products?pageSize=100");
                await Shop.Expect(answer, HttpStatusCode.OK, "the seeded catalog");
                catalogs.Add(await answer.Json());

                // Identity's roles, admin and clients were written once and serve every Host.
                using var admin = await Accounts.Admin(start.Result);
                await Shop.Expect(
                    await admin.GetAsync("/api/orders?pageSize=1"), HttpStatusCode.OK, "the seeded admin's orders");
            }

            var skus = catalogs[0]["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>()).ToList();
            Assert.NotEmpty(skus);
            Assert.Equal(skus.Count, catalogs[0]["totalCount"]!.GetValue<int>());
            Assert.All(catalogs, catalog => Assert.Equal(
                skus, catalog["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>())));
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
