namespace DataGrowth.Tests.Infrastructure;

/// <summary>Folders and settings of the shops a test makes: each in its own temporary folder.</summary>
internal static class Places
{
    public static string NewFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "shop-growth", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The Host's settings for a monolith on SQLite files in <paramref name="folder"/>.</summary>
    public static Dictionary<string, string> Sqlite(string folder) => new() { ["Database:DataDirectory"] = folder };

    public static Dictionary<string, string> With(
        this IReadOnlyDictionary<string, string> settings,
        string key,
        string value) =>
        new(settings) { [key] = value };
}
