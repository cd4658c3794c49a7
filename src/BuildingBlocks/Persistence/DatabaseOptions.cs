namespace BuildingBlocks.Persistence;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default, one file per module) or, with the scale-out work, a server.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Folder of the SQLite files, relative to the content root unless absolute.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations at start-up. On in Development; elsewhere run the <c>migrate</c> command.</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Insert the Development sample data after migrating.</summary>
    public bool Seed { get; set; }

    public int BusyTimeoutMilliseconds { get; set; } = 10_000;
}
