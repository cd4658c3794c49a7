namespace BuildingBlocks.Persistence;

/// <summary>The databases a module can live in; <c>Database:Provider</c> names one of them.</summary>
public enum DatabaseProvider
{
    /// <summary>One embedded file per module: the monolith's default.</summary>
    Sqlite,

    /// <summary>One server database, a schema per module: the tested server for scaled and split topologies.</summary>
    Postgres,

    /// <summary>As Postgres; built and its migration scripts checked, not run on these machines.</summary>
    SqlServer,
}

public static class DatabaseProviders
{
    public static DatabaseProvider Parse(string? name) =>
        Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException(
                $"Database provider '{name}' is not supported; "
                + $"use one of {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");

    /// <summary>The provider behind an EF Core provider name (<c>Database.ProviderName</c>).</summary>
    internal static DatabaseProvider FromEfProviderName(string efProviderName) => efProviderName switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => DatabaseProvider.Sqlite,
        "Npgsql.EntityFrameworkCore.PostgreSQL" => DatabaseProvider.Postgres,
        "Microsoft.EntityFrameworkCore.SqlServer" => DatabaseProvider.SqlServer,
        _ => throw new InvalidOperationException($"EF Core provider '{efProviderName}' is not one of the shop's."),
    };
}
