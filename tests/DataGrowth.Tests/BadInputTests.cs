using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using DataGrowth.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace DataGrowth.Tests;

/// <summary>Every bad input: a clear error, a non-zero exit, and the target as it was.</summary>
[Collection(BackedUpShopCollection.Name)]
public sealed class BadInputTests(BackedUpShop shop)
{
    [Fact]
    public async Task A_truncated_backup_file_is_refused_and_nothing_is_written()
    {
        var backup = shop.CopyOfBackup();
        var file = Path.Combine(backup, "ordering", "orders.jsonl");
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2)]);

        await AssertRefusedIntoFreshPlace(backup, "orders.jsonl does not match its checksum");
    }

    [Fact]
    public async Task A_tampered_manifest_is_refused_and_nothing_is_written()
    {
        var backup = shop.CopyOfBackup();
        var path = Path.Combine(backup, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        manifest["modules"]![0]!["tables"]![0]!["rows"] = 12345;
        await File.WriteAllTextAsync(path, manifest.ToJsonString());

        await AssertRefusedIntoFreshPlace(backup, "manifest was changed or is damaged");
    }

    [Fact]
    public async Task A_backup_from_a_newer_schema_is_refused_and_nothing_is_written()
    {
        var backup = shop.CopyOfBackup();
        var path = Path.Combine(backup, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var ordering = manifest["modules"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "Ordering")!;
        ordering["lastMigration"] = "29990101000000_FromTheFuture";
        // As a newer version would write it: a manifest whose own checksum is right.
        var bytes = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        await File.WriteAllBytesAsync(path, bytes);
        await File.WriteAllTextAsync(
            Path.Combine(backup, "manifest.sha256"),
            Convert.ToHexStringLower(SHA256.HashData(bytes)));

        await AssertRefusedIntoFreshPlace(backup, "is from a newer version");
    }

    [Fact]
    public async Task An_unreachable_target_is_a_clear_error()
    {
        var before = await shop.FingerprintAsync(shop.Settings);
        var result = await HostProcess.RunAsync(shop.Settings, "copy-data", "--to-provider", "Postgres",
            "--to-connection", $"Host=127.0.0.1;Port={Ports.Free()};Username=shop;Password=x;Database=shop;Timeout=3");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("copy-data failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("cannot open", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await shop.FingerprintAsync(shop.Settings));
    }

    [Fact]
    public async Task A_backup_folder_that_cannot_be_made_is_a_clear_error()
    {
        // A file where the folder's parent should be: it was an unhandled IOException (exit 134, a stack trace).
        var file = Path.Combine(shop.Work, $"a-file-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, "not a folder");

        var result = await HostProcess.RunAsync(shop.Settings, "backup", "--out", Path.Combine(file, "backup"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("backup failed:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_empty_target_is_refused_without_force_and_replaced_with_it()
    {
        var before = await shop.FingerprintAsync(shop.Settings);
        var restore = await HostProcess.RunAsync(shop.Settings, "restore", "--from", shop.Backup);
        Assert.NotEqual(0, restore.ExitCode);
        Assert.Contains("the target is not empty", restore.Error, StringComparison.Ordinal);
        Assert.Equal(before, await shop.FingerprintAsync(shop.Settings));

        var target = Path.Combine(shop.Work, $"target-{Guid.NewGuid():N}");
        var other = Places.Sqlite(target);
        var seeded = await HostProcess.RunAsync(other, "restore", "--from", shop.Backup);
        Assert.True(seeded.ExitCode == 0, seeded.ToString());
        var copy = await HostProcess.RunAsync(
            shop.Settings,
            "copy-data",
            "--to-provider",
            "Sqlite",
            "--to-connection",
            $"Data Source={target}");
        Assert.NotEqual(0, copy.ExitCode);
        Assert.Contains("the target is not empty", copy.Error, StringComparison.Ordinal);

        var forced = await HostProcess.RunAsync(
            shop.Settings,
            "copy-data",
            "--to-provider",
            "Sqlite",
            "--to-connection",
            $"Data Source={target}",
            "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("every table matches", forced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_killed_half_way_completes_when_run_again_and_a_third_run_changes_nothing()
    {
        // A source with enough rows to stop in the middle of: the shop, plus 30,000 inbox rows in Ordering.
        var source = Places.Sqlite(Path.Combine(shop.Work, $"big-{Guid.NewGuid():N}"));
        var restored = await HostProcess.RunAsync(source, "restore", "--from", shop.Backup);
        Assert.True(restored.ExitCode == 0, restored.ToString());
        await AddInboxRowsAsync(Path.Combine(source["Database:DataDirectory"], "ordering.db"), 30_000);
        var target = Path.Combine(shop.Work, $"copy-{Guid.NewGuid():N}");
        string[] command = ["copy-data", "--to-provider", "Sqlite", "--to-connection", $"Data Source={target}"];

        using (var copy = HostProcess.Begin(source, command))
        {
            await Eventually.Until(async () => await copy.StandardOutput.ReadLineAsync() ?? "(ended)",
                line => line.StartsWith("  inbox_messages: 2000 copied", StringComparison.Ordinal) || line == "(ended)",
                TimeSpan.FromSeconds(120), "the copy reaches Ordering's inbox");
            Assert.False(copy.HasExited, "the copy should still run");
            copy.Kill(entireProcessTree: true);
            await copy.WaitForExitAsync();
        }

        var rerun = await HostProcess.RunAsync(source, command);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("resuming an interrupted copy", rerun.Output, StringComparison.Ordinal);
        Assert.True(Regex.IsMatch(
            rerun.Output,
            @"Ordering\s+inbox_messages\s+(\d+) ->\s+\1 .* = .*copied now, [1-9]\d* already there\)"),
            rerun.ToString());
        Assert.Contains("every table matches", rerun.Output, StringComparison.Ordinal);

        var targetSettings = Places.Sqlite(target);
        var copied = await shop.FingerprintAsync(targetSettings);
        var again = await HostProcess.RunAsync(source, command);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.False(Regex.IsMatch(again.Output, @"\(([1-9]\d*) copied now"), again.ToString());
        Assert.Equal(copied, await shop.FingerprintAsync(targetSettings));
        Assert.Equal(await shop.FingerprintAsync(source), copied);
    }

    private async Task AssertRefusedIntoFreshPlace(string backup, string reason)
    {
        var target = Path.Combine(shop.Work, $"target-{Guid.NewGuid():N}");
        var result = await HostProcess.RunAsync(Places.Sqlite(target), "restore", "--from", backup);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("restore failed", result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(target) ? Directory.EnumerateFiles(target, "*.db") : []);
    }

    private static async Task AddInboxRowsAsync(string database, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        // Handled rows (Status 2), as the inbox keeps them for a while after their handler ran.
        command.CommandText = "INSERT INTO inbox_messages (EventId, Consumer, HandledAt, Type, Payload, Status, " +
            "Attempts, ReceivedAt, NextAttemptAt) VALUES ($id, 'Bulk', '2026-11-27 10:00:00.123456', 'Bulk', " +
            "'{}', 2, 1, '2026-11-27 10:00:00.000000', '2026-11-27 10:00:00.000000')";
        var id = command.Parameters.Add("$id", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            id.Value = Guid.NewGuid().ToString().ToUpperInvariant();
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
