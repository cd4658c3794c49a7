using System.Net;
using System.Text.Json.Nodes;
using DataGrowth.Tests.Infrastructure;

namespace DataGrowth.Tests;

/// <summary>From the monolith's SQLite files to PostgreSQL, the two ways: a backup restored there, and
/// copy-data.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresGrowthTests
{
    [PostgresFact]
    public async Task A_SQLite_backup_restored_into_PostgreSQL_answers_the_same_and_takes_new_orders()
    {
        var work = Places.NewFolder("to-postgres");
        var port = Ports.Free();
        var monolith = Places.Sqlite(Path.Combine(work, "monolith"));
        var (story, before) = await MakeShopAsync(monolith, port, work);
        var backup = Path.Combine(work, "backup");
        var taken = await HostProcess.RunAsync(monolith, "backup", "--out", backup);
        Assert.True(taken.ExitCode == 0, taken.ToString());

        using var postgres = new PostgresPlace();
        var restore = await HostProcess.RunAsync(postgres.Settings, "restore", "--from", backup);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        await AssertGrownAsync(story, before, postgres.Settings, port, work);
    }

    [PostgresFact]
    public async Task Copy_data_to_PostgreSQL_matches_every_table_and_a_rerun_changes_nothing()
    {
        var work = Places.NewFolder("copy-postgres");
        var port = Ports.Free();
        var monolith = Places.Sqlite(Path.Combine(work, "monolith"));
        var (story, before) = await MakeShopAsync(monolith, port, work);

        using var postgres = new PostgresPlace();
        string[] copy = ["copy-data", "--to-provider", "Postgres", "--to-connection", postgres.ConnectionString];
        var copied = await HostProcess.RunAsync(monolith, copy);
        Assert.True(copied.ExitCode == 0, copied.ToString());
        Assert.Contains("every table matches", copied.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" != ", copied.Output, StringComparison.Ordinal);

        var again = await HostProcess.RunAsync(monolith, copy);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotMatch(@"\([1-9]\d* copied now", again.Output);

        await AssertGrownAsync(story, before, postgres.Settings, port, work);
    }

    private static async Task<(ShopStory Story, Dictionary<string, JsonNode> Answers)> MakeShopAsync(
        Dictionary<string, string> settings, int port, string work)
    {
        await using var host = await HostProcess.StartAsync(settings, port, work);
        var story = await ShopStory.MakeAsync(host);
        return (story, await story.AnswersAsync(host));
    }

    private static async Task AssertGrownAsync(
        ShopStory story, Dictionary<string, JsonNode> before,
        Dictionary<string, string> postgres, int port, string work)
    {
        var verify = await HostProcess.RunAsync(postgres, "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        await using var host = await HostProcess.StartAsync(postgres, port, work);
        await Eventually.Until(() => HostProcess.RunAsync(postgres, "verify"),
            result => result.ExitCode != 0
                || result.Output.Contains(" 0 order(s) with events", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "every event handed over again is delivered");
        ShopStory.AssertSame(before, await story.AnswersAsync(host));
        foreach (var customer in story.Customers)
        {
            Assert.False(string.IsNullOrEmpty((await Tokens.RefreshAsync(host, customer.RefreshToken)).AccessToken));
        }

        var checkout = await Shop.Checkout(story.Customers[0].Client, "after-growing");
        await Shop.Expect(checkout, HttpStatusCode.Created, "checking out on PostgreSQL");
        await Shop.OrderReaching(
            story.Customers[0].Client,
            (await checkout.Json())["id"]!.GetValue<Guid>(),
            "Confirmed");
        var after = await HostProcess.RunAsync(postgres, "verify");
        Assert.True(after.ExitCode == 0, after.ToString());
    }
}
