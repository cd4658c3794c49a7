namespace DataGrowth.Tests.Infrastructure;

/// <summary>A small shop on SQLite, stopped, and a backup of it: what the bad-input tests tamper with copies
/// of.</summary>
public sealed class BackedUpShop : IAsyncLifetime
{
    public string Work { get; } = Places.NewFolder("bad-input");
    public string Data => Path.Combine(Work, "shop");
    public string Backup => Path.Combine(Work, "backup");
    internal Dictionary<string, string> Settings => Places.Sqlite(Data);

    public async Task InitializeAsync()
    {
        await using (var host = await HostProcess.StartAsync(Settings, Ports.Free(), Work))
        {
            await ShopStory.MakeAsync(host);
        }

        var taken = await HostProcess.RunAsync(Settings, "backup", "--out", Backup);
        Assert.True(taken.ExitCode == 0, taken.ToString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A copy of the backup to spoil.</summary>
    public string CopyOfBackup()
    {
        var copy = Path.Combine(Work, $"backup-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(Backup, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(copy, Path.GetRelativePath(Backup, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return copy;
    }

    /// <summary>
    /// The shop's rows as a backup sees them, per table its count and a hash of its sorted lines (a file lists rows in
    /// the database's physical order, which a copy need not keep): equal before and after means unchanged.
    /// </summary>
    internal async Task<string> FingerprintAsync(Dictionary<string, string> settings)
    {
        var folder = Path.Combine(Work, $"fingerprint-{Guid.NewGuid():N}");
        var taken = await HostProcess.RunAsync(settings, "backup", "--out", folder);
        Assert.True(taken.ExitCode == 0, taken.ToString());
        var manifest = System.Text.Json.Nodes.JsonNode
            .Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json")))!;
        var lines = new List<string>();
        foreach (var module in manifest["modules"]!.AsArray())
        {
            foreach (var table in module!["tables"]!.AsArray())
            {
                var rows = (await File.ReadAllLinesAsync(Path.Combine(folder, table!["file"]!.GetValue<string>())))
                    .Order(StringComparer.Ordinal);
                var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                    System.Text.Encoding.UTF8.GetBytes(string.Join("\n", rows))));
                lines.Add($"{module["name"]}.{table["name"]} {table["rows"]} {hash}");
            }
        }

        return string.Join("\n", lines);
    }
}

/// <summary>One small shop and its backup for every test that only reads them or works on copies.</summary>
[CollectionDefinition(Name)]
public sealed class BackedUpShopCollection : ICollectionFixture<BackedUpShop>
{
    public const string Name = "backed-up shop";
}
