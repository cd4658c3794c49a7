using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace BuildingBlocks.Persistence;

/// <summary>
/// EF Core migrations are SQL for one provider, so each module keeps one set per provider, in its migrations project
/// (<c>src/Modules/{Module}.Migrations/{Sqlite,Postgres,SqlServer}</c>). This service shows EF only the set of the
/// provider in use: the migrations and the snapshot of this context whose namespace ends in
/// <c>.Migrations.{Provider}</c>.
/// </summary>
internal sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext, IDbContextOptions options, IDatabaseProvider databaseProvider,
    IMigrationsIdGenerator idGenerator) : IMigrationsAssembly
{
    private readonly Type _contextType = currentContext.Context.GetType();
    private Assembly? _assembly;
    private readonly string _namespaceSuffix = ".Migrations."
        + DatabaseProviders.FromEfProviderName(databaseProvider.Name);
    private SortedList<string, TypeInfo>? _migrations;
    private ModelSnapshot? _modelSnapshot;

    public Assembly Assembly => _assembly ??= RelationalOptionsExtension.Extract(options).MigrationsAssembly is { } name
        ? Assembly.Load(new AssemblyName(name))
        : _contextType.Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= FindMigrations();

    public ModelSnapshot? ModelSnapshot => _modelSnapshot ??= OwnTypes()
        .Where(t => t.IsSubclassOf(typeof(ModelSnapshot)))
        .Select(t => (ModelSnapshot)Activator.CreateInstance(t.AsType())!)
        .FirstOrDefault();

    public string? FindMigrationId(string nameOrId) => Migrations.Keys.FirstOrDefault(idGenerator.IsValidId(nameOrId)
        ? id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
        : id => string.Equals(idGenerator.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private SortedList<string, TypeInfo> FindMigrations()
    {
        var migrations = new SortedList<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in OwnTypes().Where(t => t.IsSubclassOf(typeof(Migration))))
        {
            if (type.GetCustomAttribute<MigrationAttribute>() is { } attribute)
            {
                migrations.Add(attribute.Id, type);
            }
        }

        return migrations;
    }

    private IEnumerable<TypeInfo> OwnTypes() => Assembly.DefinedTypes.Where(t =>
        !t.IsAbstract
        && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType
        && (t.Namespace ?? "").EndsWith(_namespaceSuffix, StringComparison.Ordinal));
}
