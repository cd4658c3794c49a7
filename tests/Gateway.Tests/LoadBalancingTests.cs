using System.Net;
using Gateway.Tests.Infrastructure;
using TestSupport;

namespace Gateway.Tests;

public sealed class LoadBalancingTests
{
    private static Dictionary<string, string?> Policy(string policy)
        => GatewayServer.ForEveryCluster("LoadBalancingPolicy", policy);

    private static async Task<List<string>> AnsweredBy(HttpClient client, string path, int requests)
    {
        var names = new List<string>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            names.Add((await Rig.EchoOf(response)).Name);
        }

        return names;
    }

    [Fact]
    public async Task Round_robin_spreads_requests_evenly_over_three_backends()
    {
        await using var rig = await Rig.StartAsync(3, Policy("RoundRobin"));
        using var client = rig.Gateway.CreatePublicClient();

        var names = await AnsweredBy(client, "/api/catalog/products", 30);

        Assert.Equal(3, names.Distinct().Count());
        Assert.All(names.GroupBy(n => n), g => Assert.Equal(10, g.Count()));
    }

    [Fact]
    public async Task Least_requests_sends_new_requests_to_the_backend_that_is_not_busy()
    {
        await using var rig = await Rig.StartAsync(2, Policy("LeastRequests"));
        using var client = rig.Gateway.CreatePublicClient();
        var held = client.GetAsync("/api/catalog/slow");
        var busy = await Eventually.Until(
            () => Task.FromResult(rig.Backends.SingleOrDefault(b => b.Count("/api/catalog/slow") == 1)),
            b => b is not null);

        var names = await AnsweredBy(client, "/api/catalog/products", 10);

        Assert.All(names, n => Assert.NotEqual(busy!.Name, n));
        busy!.ReleaseSlow();
        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
    }

    [Fact]
    public async Task Power_of_two_choices_spreads_over_idle_backends_and_avoids_a_busy_one()
    {
        await using var rig = await Rig.StartAsync(3, Policy("PowerOfTwoChoices"));
        using var client = rig.Gateway.CreatePublicClient();

        var idle = await AnsweredBy(client, "/api/catalog/products", 60);
        Assert.Equal(3, idle.Distinct().Count());

        var held = client.GetAsync("/api/catalog/slow");
        var busy = await Eventually.Until(
            () => Task.FromResult(rig.Backends.SingleOrDefault(b => b.Count("/api/catalog/slow") == 1)),
            b => b is not null);
        var names = await AnsweredBy(client, "/api/catalog/products", 30);

        Assert.DoesNotContain(busy!.Name, names);
        Assert.Equal(2, names.Distinct().Count());
        busy.ReleaseSlow();
        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
    }

    [Fact]
    public async Task Consistent_hash_sends_the_same_user_to_the_same_backend_every_time()
    {
        await using var rig = await Rig.StartAsync(3, Policy("ConsistentHash"));
        var owners = new Dictionary<string, string>();
        for (var user = 0; user < 24; user++)
        {
            using var client = rig.Gateway.CreatePublicClient(rig.Issuer.Token($"user-{user}", "cart"));
            var names = await AnsweredBy(client, "/api/cart", 4);
            owners[$"user-{user}"] = Assert.Single(names.Distinct());
        }

        Assert.True(owners.Values.Distinct().Count() >= 2, "users should spread over the backends");
    }

    [Fact]
    public async Task Consistent_hash_by_a_configured_header_is_stable_for_anonymous_requests()
    {
        var settings = Policy("ConsistentHash");
        settings["ReverseProxy:Clusters:catalog:Metadata:ConsistentHashHeader"] = "X-Session-Id";
        await using var rig = await Rig.StartAsync(3, settings);
        using var client = rig.Gateway.CreatePublicClient();

        var owners = new HashSet<string>();
        for (var session = 0; session < 24; session++)
        {
            client.DefaultRequestHeaders.Remove("X-Session-Id");
            client.DefaultRequestHeaders.Add("X-Session-Id", $"session-{session}");
            var names = await AnsweredBy(client, "/api/catalog/products", 4);
            owners.Add(Assert.Single(names.Distinct()));
        }

        Assert.True(owners.Count >= 2);
    }

    [Fact]
    public async Task The_answer_names_the_destination_that_served_it()
    {
        await using var rig = await Rig.StartAsync(2, Policy("RoundRobin"));
        using var client = rig.Gateway.CreatePublicClient();

        using var response = await client.GetAsync("/api/catalog/products");

        var servedBy = Assert.Single(response.Headers.GetValues("X-Served-By"));
        var echo = await Rig.EchoOf(response);
        Assert.Equal(rig.ByName(echo.Name).DestinationId, servedBy);
    }

    [Fact]
    public async Task Consistent_hash_without_a_key_falls_back_to_round_robin()
    {
        await using var rig = await Rig.StartAsync(3, Policy("ConsistentHash"));
        using var client = rig.Gateway.CreatePublicClient();

        var names = await AnsweredBy(client, "/api/catalog/products", 30);

        Assert.All(names.GroupBy(n => n), g => Assert.Equal(10, g.Count()));
    }

    [Fact]
    public async Task Consistent_hash_moves_only_the_users_of_a_dead_instance_and_keeps_them_stable()
    {
        await using var rig = await Rig.StartAsync(3, Policy("ConsistentHash"));
        var users = Enumerable.Range(0, 30).Select(i => $"user-{i}").ToList();
        async Task<Dictionary<string, string>> OwnersAsync()
        {
            var owners = new Dictionary<string, string>();
            foreach (var user in users)
            {
                using var client = rig.Gateway.CreatePublicClient(rig.Issuer.Token(user, "cart"));
                owners[user] = Assert.Single((await AnsweredBy(client, "/api/cart", 2)).Distinct());
            }

            return owners;
        }

        var before = await OwnersAsync();
        var victim = rig.ByName(before.Values.GroupBy(n => n).OrderByDescending(g => g.Count()).First().Key);
        await victim.StopAsync();
        await Eventually.Until(
            () => OwnersAsync(),
            owners => owners.Values.All(n => n != victim.Name),
            because: "the dead instance leaves the ring");
        var after = await OwnersAsync();

        Assert.All(users.Where(u => before[u] != victim.Name), u => Assert.Equal(before[u], after[u]));
        Assert.Equal(after, await OwnersAsync());
    }
}
