using System.Data.Common;

namespace Host.DataCommands;

/// <summary>Whether a target already holds data: a restore or a copy never mixes its rows with someone
/// else's.</summary>
internal static class TargetRows
{
    public static async Task<IReadOnlyList<string>> NonEmptyTablesAsync(
        ModuleStore store,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var tables = new List<string>();
        foreach (var table in store.Tables)
        {
            long rows;
            try
            {
                rows = await store.CountAsync(connection, null, table, cancellationToken);
            }
            catch (DbException ex)
            {
                throw new DataCommandException(
                    $"{store.Module}: cannot count {table.Name} in {store.Description}: {ex.Message}");
            }

            if (rows > 0)
            {
                tables.Add($"{store.Module}.{table.Name}: {rows} rows");
            }
        }

        return tables;
    }
}
