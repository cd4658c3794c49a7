using BuildingBlocks.Idempotency;
using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Tests;

/// <summary>What the relay drops once it is past <see cref="MessagingOptions.ProcessedRetention"/> (7 days), and
/// what it keeps however old.</summary>
public sealed class RetentionTests : IDisposable
{
    private readonly DataFolder _folder = new();

    [Fact]
    public async Task The_relay_drops_old_handled_events_and_expired_keys_and_keeps_dead_letters()
    {
        var now = DateTime.UtcNow;
        var old = now - TimeSpan.FromDays(8);
        var recent = now - TimeSpan.FromDays(1);
        await using var node = ShippingNode.Create(_folder.Path, new DeliveryLog());
        await node.CreateDatabaseAsync();
        await node.QueryAsync(async db =>
        {
            db.AddRange(Outbox("old", old), Outbox("recent", recent));
            db.AddRange(
                InboxRows.Of("old-handled", InboxStatus.Handled, old),
                InboxRows.Of("recent-handled", InboxStatus.Handled, recent),
                InboxRows.Of("old-dead", InboxStatus.Dead, old));
            db.AddRange(Key("expired", now - TimeSpan.FromMinutes(1)), Key("live", now + TimeSpan.FromHours(1)));
            return await db.SaveChangesAsync();
        });

        await node.StartAsync();

        await Eventually.Until(
            () => node.QueryAsync(async db =>
                await db.Set<OutboxMessage>().CountAsync(m => m.Type == "old")
                + await db.Set<InboxMessage>().CountAsync(m => m.Consumer == "old-handled")
                + await db.Set<IdempotencyRecord>().CountAsync(r => r.Key == "expired")),
            left => left == 0,
            TimeSpan.FromSeconds(20),
            "the old handed-over event, the old handled inbox row and the expired key are dropped");
        Assert.Equal(
            ["recent"], await node.QueryAsync(db => db.Set<OutboxMessage>().Select(m => m.Type).ToListAsync()));
        Assert.Equal(
            ["old-dead", "recent-handled"],
            await node.QueryAsync(db => db.Set<InboxMessage>().OrderBy(m => m.Consumer).Select(m => m.Consumer)
                .ToListAsync()));
        Assert.Equal(
            ["live"], await node.QueryAsync(db => db.Set<IdempotencyRecord>().Select(r => r.Key).ToListAsync()));
    }

    public void Dispose() => _folder.Dispose();

    private static OutboxMessage Outbox(string type, DateTime processedAt) => new()
    {
        Id = Guid.CreateVersion7(), Type = type, Payload = "{}", OccurredAt = processedAt,
        NextAttemptAt = processedAt, ProcessedAt = processedAt,
    };

    private static IdempotencyRecord Key(string key, DateTime expiresAt) => new()
    {
        Key = key, RequestHash = "hash", CreatedAt = expiresAt - TimeSpan.FromDays(1), ExpiresAt = expiresAt,
        CompletedAt = expiresAt - TimeSpan.FromDays(1), StatusCode = 201,
    };
}
