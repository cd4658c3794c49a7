using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Host.DataCommands;

/// <summary>One column as EF Core maps it: its name, and the type mapping that reads and writes it on this
/// provider.</summary>
internal sealed record ColumnShape(string Name, RelationalTypeMapping Mapping, bool IsNullable, bool IsIdentity)
{
    /// <summary>The CLR type the provider stores (after the property's own converter: an enum kept as text is a
    /// string).</summary>
    public Type StoredType { get; } =
        Nullable.GetUnderlyingType(Mapping.Converter?.ProviderClrType ?? Mapping.ClrType)
        ?? Mapping.Converter?.ProviderClrType ?? Mapping.ClrType;
}

/// <summary>
/// One table of a module, from the EF Core model of its DbContext (so never a hard-coded list): its columns, its key,
/// and its name quoted for this provider. The migrations history table is not in the model and is never copied.
/// </summary>
internal sealed record TableShape(
    string Name,
    string QuotedName,
    IReadOnlyList<ColumnShape> Columns,
    IReadOnlyList<int> Key)
{
    public ColumnShape? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The module's tables, principals before dependents (the order rows are inserted in).</summary>
    public static IReadOnlyList<TableShape> Of(DbContext context)
    {
        var sql = context.GetService<ISqlGenerationHelper>();
        var tables = context.Model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var ordered = new List<ITable>();
        var visiting = new HashSet<ITable>();
        foreach (var table in tables)
        {
            Visit(table, ordered, visiting);
        }

        return ordered.Select(t => Shape(t, sql)).ToList();
    }

    private static void Visit(ITable table, List<ITable> ordered, HashSet<ITable> visiting)
    {
        if (ordered.Contains(table) || !visiting.Add(table))
        {
            return; // Done, or a cycle (a self-reference): its rows need no other table first.
        }

        foreach (var foreignKey in table.ForeignKeyConstraints)
        {
            Visit(foreignKey.PrincipalTable, ordered, visiting);
        }

        ordered.Add(table);
    }

    private static TableShape Shape(ITable table, ISqlGenerationHelper sql)
    {
        var columns = table.Columns.OrderBy(c => c.Name, StringComparer.Ordinal).Select(column =>
        {
            var mapping = column.PropertyMappings[0];
            var property = mapping.Property;
            var identity = property.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd
                && property.IsPrimaryKey() && property.ClrType is var t && (t == typeof(int) || t == typeof(long));
            return new ColumnShape(column.Name, mapping.TypeMapping, column.IsNullable, identity);
        }).ToList();
        var keyNames = table.PrimaryKey?.Columns.Select(c => c.Name).ToHashSet() ?? [];
        var key = columns.Select((c, i) => (c, i)).Where(x => keyNames.Contains(x.c.Name)).Select(x => x.i).ToList();
        return new TableShape(table.Name, sql.DelimitIdentifier(table.Name, table.Schema), columns, key);
    }
}
