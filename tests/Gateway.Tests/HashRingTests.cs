using Gateway.LoadBalancing;

namespace Gateway.Tests;

public sealed class HashRingTests
{
    private sealed record Node(string Id);

    private static readonly string[] Keys = [.. Enumerable.Range(0, 10_000)
        .Select(i => $"user-{i:D5}-{i * 7919 % 10_007}")];

    private static HashRing<Node> Ring(IReadOnlyList<Node> nodes)
        => HashRing<Node>.Build(nodes, n => n.Id, virtualNodes: 160);

    [Fact]
    public void Adding_an_eleventh_instance_to_ten_moves_about_one_eleventh_of_the_keys_all_to_the_new_one()
    {
        var ten = Enumerable.Range(0, 10).Select(i => new Node($"10.0.0.{i}:8080")).ToList();
        var eleven = ten.Append(new Node("10.0.0.10:8080")).ToList();
        var before = Ring(ten);
        var after = Ring(eleven);

        var moved = Keys.Where(k => before.Owner(k) != after.Owner(k)).ToList();

        var fraction = moved.Count / (double)Keys.Length;
        Assert.InRange(fraction, 0.7 / 11, 1.4 / 11);
        Assert.All(moved, k => Assert.Equal("10.0.0.10:8080", after.Owner(k)!.Id));
    }

    [Fact]
    public void Keys_spread_evenly_over_the_instances()
    {
        var nodes = Enumerable.Range(0, 10).Select(i => new Node($"host-{i}")).ToList();
        var ring = Ring(nodes);

        var load = Keys.GroupBy(k => ring.Owner(k)!.Id).Select(g => g.Count()).ToList();

        Assert.Equal(10, load.Count);
        Assert.True(load.Max() / load.Average() <= 1.2, $"max/mean = {load.Max() / load.Average():F3}");
    }

    [Fact]
    public void The_same_key_always_has_the_same_owner_whatever_the_order_of_the_instances()
    {
        var nodes = Enumerable.Range(0, 5).Select(i => new Node($"host-{i}")).ToList();
        var ring = Ring(nodes);
        var reversed = Ring([.. Enumerable.Reverse(nodes)]);

        Assert.All(Keys.Take(1000), k => Assert.Equal(ring.Owner(k)!.Id, reversed.Owner(k)!.Id));
        Assert.True(ring.IsFor(nodes));
        Assert.False(ring.IsFor([.. nodes.Take(4)]));
    }
}
