using DataGrowth.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DataGrowth.Tests;

[Collection(BackedUpShopCollection.Name)]
public sealed class VerifyTests(BackedUpShop shop)
{
    [Fact]
    public async Task Verify_lists_each_broken_invariant_and_exits_non_zero()
    {
        var place = Places.Sqlite(Path.Combine(shop.Work, $"broken-{Guid.NewGuid():N}"));
        var restored = await HostProcess.RunAsync(place, "restore", "--from", shop.Backup);
        Assert.True(restored.ExitCode == 0, restored.ToString());
        // Nothing in flight, so that every order is checked.
        await ExecuteAsync(place, "ordering.db", "UPDATE outbox_messages SET ProcessedAt = '2026-01-01 00:00:00'");
        await ExecuteAsync(place, "catalog.db", "UPDATE outbox_messages SET ProcessedAt = '2026-01-01 00:00:00'");
        var clean = await HostProcess.RunAsync(place, "verify");
        Assert.True(clean.ExitCode == 0, clean.ToString());

        await ExecuteAsync(
            place,
            "catalog.db",
            "UPDATE products SET Stock = -3 WHERE rowid = (SELECT MIN(rowid) FROM products)");
        await ExecuteAsync(place, "catalog.db",
            "DELETE FROM stock_reservations WHERE rowid = (SELECT MIN(rowid) FROM stock_reservations WHERE Status = " +
                "'Reserved')");
        await ExecuteAsync(place, "catalog.db",
            "INSERT INTO stock_reservations (OrderId, Status, UpdatedAt) VALUES " +
                "('6E2B5A0C-0000-4000-8000-000000000001', 'Released', '2026-01-01 00:00:00')");
        await ExecuteAsync(place, "cart.db",
            "UPDATE cart_lines SET ProductId = '6E2B5A0C-0000-4000-8000-0000000000FF' WHERE rowid = (SELECT " +
                "MIN(rowid) FROM cart_lines)");

        var broken = await HostProcess.RunAsync(place, "verify");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("has stock -3, below zero", broken.Error, StringComparison.Ordinal);
        Assert.Contains("but Catalog's reservation is missing", broken.Error, StringComparison.Ordinal);
        Assert.Contains(
            "reservation for order 6e2b5a0c-0000-4000-8000-000000000001, which Ordering does not have",
            broken.Error,
            StringComparison.Ordinal);
        Assert.Contains(
            "product 6e2b5a0c-0000-4000-8000-0000000000ff, which Catalog never had",
            broken.Error,
            StringComparison.Ordinal);
        Assert.Contains("4 violation(s)", broken.Error, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(Dictionary<string, string> place, string file, string sql)
    {
        await using var connection = new SqliteConnection(
            $"Data Source={Path.Combine(place["Database:DataDirectory"], file)};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0, sql);
    }
}
