namespace BuildingBlocks.Persistence;

/// <summary>
/// Files that hold the shop's data or keys are readable by their owner only (0600), folders made for them 0700: a
/// database file readable by every local account gives away password hashes, tokens and sessions.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute;

    /// <summary>Options for a new file that is private from its first byte (no window at 0644).</summary>
    public static FileStreamOptions NewFile(System.IO.FileMode mode = System.IO.FileMode.Create)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    /// <summary>Creates the folder (0700 when new) if missing.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows() || Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>
    /// Makes a SQLite database file private before SQLite opens it: creates it empty (SQLite takes an empty file as
    /// an empty database) or narrows an existing one, with its -wal and -shm. SQLite gives the journals it creates
    /// the database file's mode.
    /// </summary>
    public static void PrepareSqliteFile(string path)
    {
        if (OperatingSystem.IsWindows() || path.Length == 0 || path == ":memory:")
        {
            return;
        }

        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, NewFile(System.IO.FileMode.CreateNew));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: narrowed below like any existing file.
            }
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            Restrict(file);
        }
    }

    /// <summary>Narrows an existing file to 0600 (a file made by an older version, or by another tool).</summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        try
        {
            if ((File.GetUnixFileMode(path) & ~FileMode) != 0)
            {
                File.SetUnixFileMode(path, FileMode);
            }
        }
        catch (Exception exception) when (exception is FileNotFoundException or UnauthorizedAccessException)
        {
            // Gone meanwhile (a -wal checkpointed away), or owned by someone else: nothing this process may change.
        }
    }
}
