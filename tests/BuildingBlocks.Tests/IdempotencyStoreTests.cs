using BuildingBlocks.Idempotency;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Tests;

/// <summary>The store behind <c>Idempotency-Key</c>, on a real SQLite file.</summary>
public sealed class IdempotencyStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Lock = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private const string Owner = "in-flight:test-instance/request-1";
    private readonly DataFolder _folder = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private ShippingNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = ShippingNode.Create(_folder.Path, new DeliveryLog());
        await _node.CreateDatabaseAsync();
    }

    [Fact]
    public async Task First_request_claims_the_key_and_a_repeat_finds_it_in_flight()
    {
        var first = await Claim("key-1", "hash-a");
        var repeat = await Claim("key-1", "hash-a");

        Assert.True(first.Claimed);
        Assert.False(repeat.Claimed);
        Assert.Null(repeat.Existing!.CompletedAt);
        Assert.Equal("hash-a", repeat.Existing.RequestHash);
    }

    [Fact]
    public async Task Completed_request_is_answered_from_the_record()
    {
        await Claim("key-2", "hash-a");
        await Use(store => store.CompleteAsync(
            "key-2", Owner, 201, """{"id":42}""", "/api/orders/42", CancellationToken.None));

        var repeat = await Claim("key-2", "hash-a");

        Assert.False(repeat.Claimed);
        Assert.NotNull(repeat.Existing!.CompletedAt);
        Assert.Equal(201, repeat.Existing.StatusCode);
        Assert.Equal("""{"id":42}""", repeat.Existing.ResponseBody);
        Assert.Equal("/api/orders/42", repeat.Existing.Location);
    }

    [Fact]
    public async Task Released_key_can_be_claimed_again()
    {
        await Claim("key-3", "hash-a");
        await Use(store => store.ReleaseAsync("key-3", Owner, CancellationToken.None));

        Assert.True((await Claim("key-3", "hash-b")).Claimed);
    }

    [Fact]
    public async Task Request_abandoned_in_flight_is_taken_over_once_its_lock_expires()
    {
        await Claim("key-4", "hash-a");
        _clock.Now += Lock - TimeSpan.FromSeconds(1);
        Assert.False((await Claim("key-4", "hash-b")).Claimed);

        _clock.Now += TimeSpan.FromSeconds(2);
        Assert.True((await Claim("key-4", "hash-b")).Claimed);
        Assert.Equal("hash-b", (await Claim("key-4", "hash-b")).Existing!.RequestHash);
    }

    [Fact]
    public async Task A_claim_renewed_by_its_owner_is_never_taken_over_and_a_lapsed_one_is_no_longer_its_own()
    {
        const string other = "in-flight:other-instance/request-2";
        await Claim("key-7", "hash-a");
        for (var beat = 0; beat < 5; beat++)
        {
            _clock.Now += Lock - TimeSpan.FromSeconds(1);
            Assert.True(await Use(store => store.RenewAsync("key-7", Owner, Lock, CancellationToken.None)));
            Assert.False((await Claim("key-7", "hash-a", other)).Claimed);
        }

        _clock.Now += Lock + TimeSpan.FromSeconds(1);
        Assert.True((await Claim("key-7", "hash-a", other)).Claimed);

        // The first owner, back too late, neither renews nor completes nor releases the new owner's claim.
        Assert.False(await Use(store => store.RenewAsync("key-7", Owner, Lock, CancellationToken.None)));
        await Use(store => store.CompleteAsync("key-7", Owner, 201, null, null, CancellationToken.None));
        await Use(store => store.ReleaseAsync("key-7", Owner, CancellationToken.None));
        var record = (await Claim("key-7", "hash-a", "in-flight:third/request-3")).Existing!;
        Assert.Null(record.CompletedAt);
        Assert.Equal(other, record.Location);
    }

    [Fact]
    public async Task Expired_answer_is_forgotten()
    {
        await Claim("key-5", "hash-a");
        await Use(store => store.CompleteAsync("key-5", Owner, 201, null, null, CancellationToken.None));
        _clock.Now += Retention + TimeSpan.FromSeconds(1);

        var next = await Claim("key-5", "hash-b");
        var repeat = await Claim("key-5", "hash-b");

        Assert.True(next.Claimed);
        Assert.Null(repeat.Existing!.CompletedAt);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_let_exactly_one_through()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Claim("key-6", "hash-a"))));

        Assert.Single(claims, c => c.Claimed);
        Assert.All(claims.Where(c => !c.Claimed), c => Assert.Equal("hash-a", c.Existing!.RequestHash));
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _folder.Dispose();
    }

    private Task<(IdempotencyRecord? Existing, bool Claimed)> Claim(string key, string hash, string owner = Owner) =>
        Use(store => store.ClaimAsync(key, hash, owner, Lock, Retention, CancellationToken.None));

    /// <summary>Each call in its own scope and DbContext, as each HTTP request has.</summary>
    private async Task<T> Use<T>(Func<IdempotencyStore<ShippingDbContext>, Task<T>> action)
    {
        await using var scope = _node.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
        return await action(new IdempotencyStore<ShippingDbContext>(db, _clock));
    }

    private async Task Use(Func<IdempotencyStore<ShippingDbContext>, Task> action) => await Use(async store =>
    {
        await action(store);
        return true;
    });
}
