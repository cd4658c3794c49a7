using System.Globalization;
using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Host.DataCommands;

/// <summary>
/// A small table in the target (<c>shop_copy_data</c>, beside the module's tables) that says which source a copy
/// came from and whether it finished: a rerun of the same copy resumes it, while any other data in the target is
/// refused without --force.
/// </summary>
internal sealed class CopyMarker(ModuleStore target, string source)
{
    private const string Table = "shop_copy_data";

    private string Quoted => target.Context.GetService<ISqlGenerationHelper>().DelimitIdentifier(Table, target.Schema);

    /// <summary>Null when this source never copied here; else when it finished (null: interrupted).</summary>
    public async Task<(bool Started, string? CompletedAt)> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenAsync(cancellationToken);
        await EnsureTableAsync(connection, cancellationToken);
        await using var command = ModuleStore.Command(
            connection,
            null,
            $"SELECT completed_at FROM {Quoted} WHERE source = @source");
        AddText(command, "@source", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (true, reader.IsDBNull(0) ? null : reader.GetString(0))
            : (false, null);
    }

    /// <summary>Records the copy's start, unless this source already did (a rerun keeps the first record).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((await ReadAsync(cancellationToken)).Started)
        {
            return;
        }

        await using var connection = await target.OpenAsync(cancellationToken);
        await using (var delete = ModuleStore.Command(connection, null, $"DELETE FROM {Quoted} WHERE source = @source"))
        {
            AddText(delete, "@source", source);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = ModuleStore.Command(
            connection,
            null,
            $"INSERT INTO {Quoted} (source, started_at) VALUES (@source, @at)");
        AddText(command, "@source", source);
        AddText(command, "@at", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenAsync(cancellationToken);
        await using var command = ModuleStore.Command(
            connection,
            null,
            $"UPDATE {Quoted} SET completed_at = @at WHERE source = @source AND completed_at IS NULL");
        AddText(command, "@source", source);
        AddText(command, "@at", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task EnsureTableAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        const string columns = "(source VARCHAR(200) NOT NULL PRIMARY KEY, started_at VARCHAR(40) NOT NULL, " +
            "completed_at VARCHAR(40) NULL)";
        var sql = target.Provider == DatabaseProvider.SqlServer
            ? $"IF OBJECT_ID(N'{Escape(Quoted)}') IS NULL CREATE TABLE {Quoted} {columns}"
            : $"CREATE TABLE IF NOT EXISTS {Quoted} {columns}";
        await ModuleStore.Execute(connection, null, sql, cancellationToken);
    }

    private static void AddText(System.Data.Common.DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string Escape(string text) => text.Replace("'", "''", StringComparison.Ordinal);
}
