namespace Host.DataCommands;

/// <summary>A module's tables read whole, each row by column name: what <c>verify</c> compares across
/// modules.</summary>
internal sealed class ShopTables
{
    private readonly Dictionary<string, List<IReadOnlyDictionary<string, object?>>> _tables = [];
    private string _module = "";

    public List<IReadOnlyDictionary<string, object?>> this[string table] => _tables.TryGetValue(table, out var rows)
        ? rows
        : throw new DataCommandException($"{_module} has no table {table}: verify knows another version of the shop.");

    public static async Task<ShopTables> ReadAsync(ModuleStore store, CancellationToken cancellationToken)
    {
        var tables = new ShopTables { _module = store.Module };
        await using var connection = await store.OpenAsync(cancellationToken);
        // One transaction: the module's tables as of one moment.
        await using var transaction = await connection.BeginTransactionAsync(
            System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        foreach (var table in store.Tables)
        {
            var rows = new List<IReadOnlyDictionary<string, object?>>();
            await foreach (var row in store.ReadAsync(connection, transaction, table, cancellationToken))
            {
                rows.Add(
                    table.Columns.Select((c, i) => (c.Name, Value: row[i])).ToDictionary(x => x.Name, x => x.Value));
            }

            tables._tables[table.Name] = rows;
        }

        return tables;
    }
}
