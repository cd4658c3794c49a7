using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DataGrowth.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DataGrowth.Tests;

[Collection(BackedUpShopCollection.Name)]
public sealed class OlderBackupTests(BackedUpShop shop)
{
    [Fact]
    public async Task A_backup_of_an_older_schema_is_restored_at_its_migration_and_migrated_forward()
    {
        // Identity's SQLite migrations: Initial, InboxRetentionIndex, DataProtectionKeys (which adds that table), and
        // later ones. A backup taken at the second one, as the version before the third wrote it.
        const string older = "20261124025045_InboxRetentionIndex";
        var backup = shop.CopyOfBackup();
        var path = Path.Combine(backup, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var identity = manifest["modules"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "Identity")!;
        var latest = identity["lastMigration"]!.GetValue<string>();
        identity["lastMigration"] = older;
        var tables = identity["tables"]!.AsArray();
        var keys = tables.Single(t => t!["name"]!.GetValue<string>() == "DataProtectionKeys")!;
        var file = Path.Combine(backup, keys["file"]!.GetValue<string>());
        var keyRows = (await File.ReadAllLinesAsync(file)).Length;
        File.Delete(file);
        tables.Remove(keys);
        var bytes = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        await File.WriteAllBytesAsync(path, bytes);
        await File.WriteAllTextAsync(
            Path.Combine(backup, "manifest.sha256"),
            Convert.ToHexStringLower(SHA256.HashData(bytes)));

        var place = Places.Sqlite(Path.Combine(shop.Work, $"older-{Guid.NewGuid():N}"));
        var restore = await HostProcess.RunAsync(place, "restore", "--from", backup);

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains($"taken at {older} on Sqlite", restore.Output, StringComparison.Ordinal);
        await using var connection = new SqliteConnection(
            $"Data Source={Path.Combine(place["Database:DataDirectory"], "identity.db")};Pooling=false");
        await connection.OpenAsync();
        await using var history = connection.CreateCommand();
        history.CommandText = "SELECT MAX(MigrationId) FROM __EFMigrationsHistory";
        Assert.Equal(latest, await history.ExecuteScalarAsync()); // migrated forward to this version's last one
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM DataProtectionKeys"; // Made by the forward migration, empty.
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        Assert.True(keyRows > 0);
    }
}
