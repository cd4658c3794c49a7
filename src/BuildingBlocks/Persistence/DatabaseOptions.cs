namespace BuildingBlocks.Persistence;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The connection string every module uses on a server unless <c>ConnectionStrings:{Module}</c> is
    /// set.</summary>
    public const string SharedConnectionString = "Shop";

    /// <summary><c>Sqlite</c> (default, one file per module), <c>Postgres</c> or <c>SqlServer</c> (a schema per
    /// module).</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>Folder of the SQLite files, relative to the content root unless absolute.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations at start-up. On in Development; elsewhere run the <c>migrate</c>
    /// command.</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Insert the Development sample data after migrating.</summary>
    public bool Seed { get; set; }

    /// <summary>SQLite only: how long a writer waits for the file's lock.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 10_000;
}
