using System.Security.Cryptography;
using System.Text.Json;

namespace Host.DataCommands;

/// <summary>
/// What a backup holds (manifest.json): per module its provider, its last applied migration and per table the file,
/// its columns, row count and SHA-256. manifest.sha256 holds the manifest's own hash, so an edit of it is seen too.
/// </summary>
internal sealed record BackupManifest(
    int FormatVersion, DateTime StartedAt, DateTime FinishedAt, string HostVersion, IReadOnlyList<ModuleBackup> Modules)
{
    public const int CurrentFormat = 1;
    public const string FileName = "manifest.json";
    public const string HashFileName = "manifest.sha256";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(this, Json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes)) + "\n";
        await BackupFiles.WriteAtomicallyAsync(Path.Combine(folder, HashFileName), hash, cancellationToken);
        // The manifest last: a backup without one is not a backup.
        await BackupFiles.WriteAtomicallyAsync(Path.Combine(folder, FileName), bytes, cancellationToken);
    }

    public static async Task<BackupManifest> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new DataCommandException($"{folder} holds no {FileName}: not a backup, or one that did not finish.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var hashPath = Path.Combine(folder, HashFileName);
        var expected = File.Exists(hashPath) ? (await File.ReadAllTextAsync(hashPath, cancellationToken)).Trim() : "";
        if (!string.Equals(
            expected,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            StringComparison.OrdinalIgnoreCase))
        {
            throw new DataCommandException(
                $"{FileName} does not match {HashFileName}: the manifest was changed or is damaged.");
        }

        var manifest = JsonSerializer.Deserialize<BackupManifest>(bytes, Json)
            ?? throw new DataCommandException($"{FileName} is empty.");
        if (manifest.FormatVersion != CurrentFormat)
        {
            throw new DataCommandException(
                $"The backup's format is version {manifest.FormatVersion}; " +
                $"this version of the shop reads version {CurrentFormat}.");
        }

        return manifest;
    }
}

internal sealed record ModuleBackup(
    string Name,
    string Provider,
    string? LastMigration,
    IReadOnlyList<TableBackup> Tables);

internal sealed record TableBackup(string Name, string File, IReadOnlyList<string> Columns, long Rows, string Sha256);
