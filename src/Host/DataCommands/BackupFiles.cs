using BuildingBlocks.Persistence;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Host.DataCommands;

/// <summary>A backup's table files: one JSON array a line, written under a temporary name and renamed when
/// complete.</summary>
internal static class BackupFiles
{
    public static Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(path, Encoding.UTF8.GetBytes(text), cancellationToken);

    public static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        // Private from the first byte: a backup holds the password hashes and the (wrapped) keys.
        await using (var file = new FileStream(temporary, PrivateFiles.NewFile()))
        {
            await file.WriteAsync(bytes, cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes the rows to <paramref name="path"/>; returns their count and the file's SHA-256.</summary>
    public static async Task<(long Rows, string Sha256)> WriteRowsAsync(
        string path, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        long count = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var options = PrivateFiles.NewFile();
        options.BufferSize = 1 << 16;
        await using (var file = new FileStream(temporary, options))
        {
            var buffer = new MemoryStream();
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                buffer.SetLength(0);
                await using (var writer = new Utf8JsonWriter(buffer))
                {
                    RowValues.WriteJson(writer, row);
                }

                buffer.WriteByte((byte)'\n');
                hash.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
                await file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
                count++;
            }

            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return (count, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Checks a table file against the manifest before anything is written anywhere.</summary>
    public static async Task CheckAsync(
        string folder,
        string module,
        TableBackup table,
        CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, table.File);
        if (!File.Exists(path))
        {
            throw new DataCommandException($"{module}: {table.File} is missing from the backup.");
        }

        await using var file = File.OpenRead(path);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        if (sha != table.Sha256)
        {
            throw new DataCommandException(
                $"{module}: {table.File} does not match its checksum in the manifest (damaged, truncated or changed).");
        }
    }

    public static async IAsyncEnumerable<object?[]> ReadRowsAsync(
        string path, IReadOnlyList<Type> types,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            using var document = JsonDocument.Parse(line);
            var row = new object?[types.Count];
            var i = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                row[i] = RowValues.FromJson(element, types[i]);
                i++;
            }

            yield return row;
        }
    }
}
