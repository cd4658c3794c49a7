using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using BuildingBlocks.Persistence;
using Microsoft.Data.Sqlite;

namespace Host.DataCommands;

/// <summary>
/// <c>copy-data --to-provider P --to-connection C [--module M] [--force]</c>: the configured databases' rows into
/// another provider's, migrated first, in batches that each commit, so a rerun resumes where a stopped copy ended.
/// </summary>
internal static class CopyDataCommand
{
    public sealed record Target(DatabaseProvider Provider, string Connection, string? Module, bool Force);

    private const int BatchSize = 1000;

    public static async Task<int> RunAsync(
        IServiceProvider services, IReadOnlyList<ModuleDatabase> databases, Target target, TextWriter output,
        CancellationToken cancellationToken)
    {
        var selected = target.Module is null
            ? databases
            : databases.Where(d => d.Module.Equals(target.Module, StringComparison.OrdinalIgnoreCase)).ToList();
        if (selected.Count == 0)
        {
            throw new DataCommandException(
                $"--module {target.Module} is not a module this Host runs " +
                    $"({string.Join(", ", databases.Select(d => d.Module))}).");
        }

        await using var scope = services.CreateAsyncScope();
        var pairs = new List<(ModuleStore Source, ModuleStore Target, CopyMarker Marker)>();
        try
        {
            foreach (var database in selected)
            {
                var source = ModuleStore.Configured(scope.ServiceProvider, database);
                var pending = source.KnownMigrations.Except(await source.AppliedMigrationsAsync(cancellationToken))
                    .ToList();
                if (pending.Count > 0)
                {
                    throw new DataCommandException(
                        $"{source.Module}: {source.Description} lacks migrations {string.Join(", ", pending)}: run " +
                            "migrate first.");
                }

                var copy = ModuleStore.Other(database, target.Provider, ConnectionFor(target, database.Module));
                if (copy.Provider == source.Provider && copy.Description == source.Description)
                {
                    throw new DataCommandException(
                        $"{source.Module}: the target is the source itself ({source.Description}).");
                }

                pairs.Add((source, copy, new CopyMarker(copy, SourceId(source))));
            }

            var plans = new List<(ModuleStore Source, ModuleStore Target, CopyMarker Marker, bool Wipe)>();
            var refused = new List<string>();
            foreach (var (source, copy, marker) in pairs)
            {
                await using (await copy.OpenAsync(cancellationToken))
                {
                    // Reachable: checked before anything is migrated anywhere.
                }

                await copy.Migrator.MigrateAsync(null, cancellationToken);
                var (started, completedAt) = await marker.ReadAsync(cancellationToken);
                var occupied = await TargetRows.NonEmptyTablesAsync(copy, cancellationToken);
                if (started)
                {
                    await output.WriteLineAsync(completedAt is null
                        ? $"  {copy.Module,-9} resuming an interrupted copy from this source."
                        : $"  {copy.Module,-9} already copied from this source at {completedAt}: checking it again.");
                }
                else if (occupied.Count > 0 && !target.Force)
                {
                    refused.AddRange(occupied);
                }

                plans.Add((source, copy, marker, !started && occupied.Count > 0));
            }

            if (refused.Count > 0)
            {
                throw new DataCommandException(
                    $"the target is not empty ({string.Join(", ", refused)}). " +
                    "Copy into empty databases, or add --force to replace their data.");
            }

            var scratch = Directory.CreateTempSubdirectory("shop-copy-data-").FullName;
            var report = new List<string>();
            var mismatches = new List<string>();
            try
            {
                await using var snapshots = await Snapshots.TakeAsync(
                    plans.Select(p => p.Source),
                    scratch,
                    cancellationToken);
                foreach (var (source, copy, marker, wipe) in plans)
                {
                    await output.WriteLineAsync($"{source.Module}: {source.Description} -> {copy.Description}");
                    await CopyModuleAsync(
                        snapshots,
                        source,
                        copy,
                        marker,
                        wipe,
                        report,
                        mismatches,
                        output,
                        cancellationToken);
                }
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }

            await output.WriteLineAsync("Report (rows and checksum, source = target):");
            foreach (var line in report)
            {
                await output.WriteLineAsync(line);
            }

            if (mismatches.Count > 0)
            {
                throw new DataCommandException(
                    $"the target does not match the source: {string.Join("; ", mismatches)}.");
            }

            await output.WriteLineAsync($"Copy complete: {plans.Count} module(s), every table matches.");
            return 0;
        }
        finally
        {
            foreach (var pair in pairs)
            {
                await pair.Target.DisposeAsync();
            }
        }
    }

    private static async Task CopyModuleAsync(
        Snapshots snapshots, ModuleStore source, ModuleStore copy, CopyMarker marker, bool wipe, List<string> report,
        List<string> mismatches, TextWriter output, CancellationToken cancellationToken)
    {
        var (reader, snapshot) = snapshots.Of(source);
        await using var connection = await copy.OpenAsync(cancellationToken);
        if (wipe)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await copy.DeleteAllAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await output.WriteLineAsync("  --force: the target's rows were deleted first.");
        }

        await marker.StartAsync(cancellationToken);
        foreach (var table in source.Tables)
        {
            var into = copy.Tables.First(t => t.Name == table.Name);
            var existing = await ExistingKeysAsync(copy, connection, into, cancellationToken);
            var inserter = new RowInserter(copy, into, table.Columns.Select(c => c.Name).ToList());
            var checksum = new byte[32];
            long rows = 0, copied = 0;
            var batch = new List<object?[]>(BatchSize);
            await foreach (var row in source.ReadAsync(reader, snapshot, table, cancellationToken))
            {
                rows++;
                RowValues.AddToChecksum(checksum, row);
                if (existing.Count == 0 || !existing.Contains(RowValues.Key(row, table)))
                {
                    batch.Add(row);
                }

                if (batch.Count == BatchSize)
                {
                    copied += await CommitAsync(inserter, connection, batch, cancellationToken);
                    await output.WriteLineAsync($"  {table.Name}: {copied} copied, {rows} read");
                }
            }

            copied += await CommitAsync(inserter, connection, batch, cancellationToken);
            var (targetRows, targetChecksum) = await ChecksumAsync(copy, connection, into, cancellationToken);
            var same = targetRows == rows && targetChecksum.AsSpan().SequenceEqual(checksum);
            report.Add($"  {source.Module,-9} {table.Name,-28} {rows,9} -> {targetRows,9}  " +
                $"{Convert.ToHexStringLower(checksum)[..16]} {(same ? "=" : "!=")} " +
                    $"{Convert.ToHexStringLower(targetChecksum)[..16]}" +
                $"  ({copied} copied now, {existing.Count} already there)");
            if (!same)
            {
                mismatches.Add($"{source.Module}.{table.Name}: {rows} rows in the source, {targetRows} in the target");
            }
        }

        await copy.ResetIdentitiesAsync(connection, cancellationToken);
        if (mismatches.Count == 0)
        {
            await marker.CompleteAsync(cancellationToken);
        }
    }

    private static async Task<int> CommitAsync(
        RowInserter inserter, DbConnection connection, List<object?[]> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await inserter.InsertAsync(connection, transaction, batch, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    private static async Task<HashSet<string>> ExistingKeysAsync(
        ModuleStore store, DbConnection connection, TableShape table, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in store.ReadAsync(connection, null, table, cancellationToken))
        {
            keys.Add(RowValues.Key(row, table));
        }

        return keys;
    }

    private static async Task<(long Rows, byte[] Checksum)> ChecksumAsync(
        ModuleStore store, DbConnection connection, TableShape table, CancellationToken cancellationToken)
    {
        var checksum = new byte[32];
        long rows = 0;
        await foreach (var row in store.ReadAsync(connection, null, table, cancellationToken))
        {
            rows++;
            RowValues.AddToChecksum(checksum, row);
        }

        return (rows, checksum);
    }

    /// <summary>
    /// A server target is one database with a schema per module, as <c>migrate</c> makes it. A SQLite target is a
    /// folder (<c>Data Source=/path/to/folder</c>, or the path alone) that gets one file per module.
    /// </summary>
    private static string ConnectionFor(Target target, string module)
    {
        if (target.Provider != DatabaseProvider.Sqlite)
        {
            return target.Connection;
        }

        var folder = target.Connection.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(target.Connection).DataSource
            : target.Connection;
        PrivateFiles.CreateFolder(folder);
        var file = Path.Combine(Path.GetFullPath(folder), $"{module.ToLowerInvariant()}.db");
        PrivateFiles.PrepareSqliteFile(file);
        return new SqliteConnectionStringBuilder { DataSource = file }.ToString();
    }

    private static string SourceId(ModuleStore source) => $"{source.Module}:" +
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.Description)))[..32];
}
