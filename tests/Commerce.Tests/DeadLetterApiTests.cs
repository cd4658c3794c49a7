using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordering.Contracts;
using TestSupport;

namespace Commerce.Tests;

/// <summary>The admin API on dead letters, over HTTP, on a real Host: Catalog's inbox holds an OrderPlaced that failed
/// every attempt (as the inbox processor leaves one).</summary>
public sealed class DeadLetterApiTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task A_dead_event_is_listed_shown_and_replayed_with_its_effect_applied_exactly_once()
    {
        using var admin = await shop.Admin();
        var productId = await Shop.CreateProduct(admin, stock: 5);
        var deadId = await BuryAsync(new OrderPlaced(Guid.NewGuid(), Guid.NewGuid(), [new(productId, 2)]));

        var list = await (await admin.GetAsync("/api/admin/dead-letters?module=Catalog&pageSize=100")).Json();
        var item = list["items"]!.AsArray().Single(i => i!["id"]!.GetValue<Guid>() == deadId)!;
        Assert.Equal("Catalog", item["module"]!.GetValue<string>());
        Assert.Equal(typeof(OrderPlaced).FullName, item["eventType"]!.GetValue<string>());
        Assert.Equal(10, item["attempts"]!.GetValue<int>());
        Assert.Equal("Carrier pigeon lost", item["lastError"]!.GetValue<string>());
        var shown = await (await admin.GetAsync($"/api/admin/dead-letters/{deadId}")).Json();
        Assert.Contains(productId.ToString(), shown["payload"]!.GetValue<string>(), StringComparison.Ordinal);

        // Two replays at once: one is accepted, the other finds nothing dead any more.
        var replays = await Task.WhenAll(
            admin.PostAsync($"/api/admin/dead-letters/{deadId}/replay", null),
            admin.PostAsync($"/api/admin/dead-letters/{deadId}/replay", null));
        Assert.Equal(
            [HttpStatusCode.Accepted, HttpStatusCode.NotFound],
            replays.Select(r => r.StatusCode).Order().ToArray());
        await Eventually.Until(
            () => Shop.Stock(shop.Anonymous, productId), n => n == 3, TimeSpan.FromSeconds(10), "the replay reserves");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/dead-letters/{deadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PostAsync($"/api/admin/dead-letters/{deadId}/replay", null)).StatusCode);
        Assert.Equal(3, await Shop.Stock(shop.Anonymous, productId));
    }

    [Fact]
    public async Task A_dead_event_is_discarded_only_with_a_reason_and_the_reason_is_kept()
    {
        using var admin = await shop.Admin();
        var deadId = await BuryAsync(new OrderPlaced(Guid.NewGuid(), Guid.NewGuid(), []));

        // None, too long, or not text (a NUL was a 500 on PostgreSQL, which cannot store one): 400, and still dead.
        foreach (var bad in new[] { " ", new string('r', 2001), "Refunded\0", "Refunded\u0007", "\u202Edeifnuf" })
        {
            using var refused = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/dead-letters/{deadId}")
            {
                Content = JsonContent.Create(new { reason = bad }),
            };
            await Shop.Expect(await admin.SendAsync(refused), HttpStatusCode.BadRequest, $"reason {bad.Length}");
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/admin/dead-letters/{deadId}")).StatusCode);
        using var discard = new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/dead-letters/{deadId}")
        {
            Content = JsonContent.Create(new { reason = "Order was refunded by hand" }),
        };
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(discard)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/dead-letters/{deadId}")).StatusCode);
        var row = await InCatalog(
            db => db.Set<InboxMessage>().AsNoTracking().SingleAsync(m => m.DeadLetterId == deadId));
        Assert.Equal(InboxStatus.Discarded, row.Status);
        Assert.Equal("Order was refunded by hand", row.DiscardReason);
    }

    [Fact]
    public async Task Dead_letters_are_for_admins_and_an_unknown_module_is_a_bad_request()
    {
        using var customer = await shop.Customer();
        using var admin = await shop.Admin();

        Assert.Equal(
            HttpStatusCode.Unauthorized, (await shop.Anonymous.GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await admin.GetAsync("/api/admin/dead-letters?module=Shipping")).StatusCode);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await admin.PostAsync($"/api/admin/dead-letters/{Guid.NewGuid()}/replay", null)).StatusCode);
    }

    /// <summary>Puts the event in Catalog's inbox as its inbox processor leaves one that failed every attempt.</summary>
    private async Task<Guid> BuryAsync(OrderPlaced placed)
    {
        var deadId = Guid.CreateVersion7();
        await InCatalog(async db =>
        {
            db.Set<InboxMessage>().Add(new InboxMessage
            {
                EventId = Guid.CreateVersion7(),
                Consumer = "Catalog.Features.Stock.ReserveStockForOrder",
                Type = typeof(OrderPlaced).FullName!,
                Payload = JsonSerializer.Serialize(placed, JsonSerializerOptions.Web),
                ReceivedAt = DateTime.UtcNow,
                Status = InboxStatus.Dead,
                Attempts = 10,
                NextAttemptAt = DateTime.UtcNow,
                LastError = "Carrier pigeon lost",
                DeadLetterId = deadId,
                FailedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return deadId;
    }

    private async Task<T> InCatalog<T>(Func<DbContext, Task<T>> action)
    {
        await using var scope = shop.Host.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetServices<ModuleDatabase>().Single(d => d.Module == "Catalog");
        return await action(catalog.Resolve(scope.ServiceProvider));
    }
}
