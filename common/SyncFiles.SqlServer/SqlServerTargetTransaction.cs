using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;

namespace SyncFiles.SqlServer;

/// <summary>One bundle's transaction on the central SQL Server database, holding the site's application lock.</summary>
internal sealed class SqlServerTargetTransaction : TargetTransaction
{
    private readonly SqlConnection _connection;
    private readonly SqlTransaction _transaction;
    private readonly ILogger _log;

    // Each target table's catalog, read once per bundle: the staging tables are declared from it.
    private readonly Dictionary<string, IReadOnlyList<SqlServerCatalogColumn>?> _catalog = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<TargetForeignKey>> _foreignKeys = new(StringComparer.Ordinal);

    public SqlServerTargetTransaction(SqlConnection connection, SqlTransaction transaction, ILogger log)
        : base(transaction, SqlServerLedgerDialect.Instance, log)
    {
        _connection = connection;
        _transaction = transaction;
        _log = log;
    }

    public override async Task<TargetTable?> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        // The target's own spelling, found without case; names that differ only by case are twins.
        var found = new List<string>();
        await using (var command = CreateCommand(SqlServerSql.ResolveTable))
        {
            SqlServerParameters.AddName(command, SqlServerSql.TableParameter, table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            int? nearest = null;
            while (await reader.ReadAsync(cancellationToken) && (nearest ??= reader.GetInt32(1)) == reader.GetInt32(1))
            {
                found.Add(reader.GetString(0));
            }
        }

        if (found.Count == 0)
        {
            return null;
        }

        table = found.Contains(table, StringComparer.Ordinal) ? table : found[0];
        var twins = found.Where(n => n != table).ToList();
        var columns = await CatalogAsync(table, cancellationToken);
        if (columns is null)
        {
            return null;
        }

        var uniqueKeys = new List<IReadOnlyList<string>>();
        await using (var command = CreateCommand(SqlServerSql.UniqueKeys))
        {
            SqlServerParameters.AddName(command, SqlServerSql.TableParameter, table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            int? index = null;
            List<string>? key = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt32(0) != index)
                {
                    index = reader.GetInt32(0);
                    key = [];
                    uniqueKeys.Add(key);
                }

                key!.Add(reader.GetString(1));
            }
        }

        var foreignKeys = new List<TargetForeignKey>();
        await using (var command = CreateCommand(SqlServerSql.ForeignKeys))
        {
            SqlServerParameters.AddName(command, SqlServerSql.TableParameter, table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(string Name, string Parent, string Column, string Referenced)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }

            foreignKeys.AddRange(rows.GroupBy(r => r.Name, StringComparer.Ordinal).Select(g =>
                new TargetForeignKey(g.Key, g.Select(r => r.Column).ToList(), g.First().Parent, g.Select(r => r.Referenced).ToList(), Deferrable: false)));
        }

        var triggers = new List<string>();
        await using (var command = CreateCommand(SqlServerSql.Triggers))
        {
            SqlServerParameters.AddName(command, SqlServerSql.TableParameter, table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                triggers.Add(reader.GetString(0));
            }
        }

        _foreignKeys[table] = foreignKeys;
        return new TargetTable(table, columns.Select(SqlServerTypeMapper.Describe).ToList(), uniqueKeys, twins) { ForeignKeys = foreignKeys, Triggers = triggers };
    }

    public override async Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using var command = CreateCommand(SqlServerSql.TableNames);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>SQL Server has no deferred constraints: its foreign keys are never <see cref="TargetForeignKey.Deferrable"/>.</summary>
    public override Task DeferForeignKeysAsync(TargetTable table, IReadOnlyList<TargetForeignKey> foreignKeys, CancellationToken cancellationToken) =>
        foreignKeys.Count == 0 ? Task.CompletedTask : throw new InvalidOperationException($"Table {table.Name}: SQL Server cannot defer a foreign key's check.");

    public override async Task<MergeResult> MergeAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken)
    {
        var staging = SqlServerSql.StageTable;
        var (staged, columns) = await StageAsync(staging, plan, rows, plan.Columns.Select(c => c.Name).ToList(), cancellationToken);
        var key = Resolve(plan, columns, plan.Key);

        long inserted = 0;
        long updated = 0;
        try
        {
            if (staged > 0)
            {
                await using var merge = CreateCommand(SqlServerSql.Merge(staging, plan.Table, columns, key));
                await using var reader = await merge.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    inserted = reader.GetInt64(0);
                    updated = reader.GetInt64(1);
                }
            }
        }
        catch (SqlException ex) when (ex.Number == ConstraintConflict)
        {
            // A foreign key's or a check's conflict (one number for both): a staged row without its
            // parent names the key; none, and it was a check, reported as the server said it.
            if (await FindMissingParentAsync(plan, staging, columns, ex, cancellationToken) is { } violation)
            {
                throw violation;
            }

            throw;
        }

        long deleted = 0;
        if (plan.MirrorDeletes)
        {
            var site = plan.SiteColumn is null ? null : columns.First(c => string.Equals(c.Name, plan.SiteColumn, StringComparison.OrdinalIgnoreCase));
            await using var mirror = CreateCommand(SqlServerSql.MirrorDelete(staging, plan.Table, KeyColumns(columns, key), site?.Name));
            if (site is not null)
            {
                SqlServerParameters.AddSite(mirror, site, plan.SiteValue);
            }

            try
            {
                deleted = await mirror.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqlException ex) when (ex.Number == ConstraintConflict)
            {
                throw await StillReferencedAsync(plan.Table, ex, cancellationToken);
            }
        }

        await ExecuteAsync(SqlServerSql.DropTemporary(staging), cancellationToken);
        var result = new MergeResult(staged, inserted, updated, Math.Max(0, staged - inserted - updated), deleted);
        _log.Debug("Merged {Table}: {Staged} staged, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged, {Deleted} deleted", plan.Table, result.Staged, result.Inserted, result.Updated, result.Unchanged, result.Deleted);
        return result;
    }

    public override async Task<long> DeleteAsync(MergePlan plan, DbDataReader keys, CancellationToken cancellationToken)
    {
        // The tombstones' columns by name: MergePlan.KeyWithoutSite, in whatever order the file has them.
        var names = Enumerable.Range(0, keys.FieldCount).Select(keys.GetName).ToList();
        var expected = plan.KeyWithoutSite;
        if (names.Count != expected.Count || !expected.All(k => names.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SrcTargetDeletedKeyColumns), plan.Table, string.Join(", ", names), string.Join(", ", expected)));
        }

        var staging = SqlServerSql.TombstoneTable;
        var (_, columns) = await StageAsync(staging, plan, keys, names, cancellationToken);
        await using var command = CreateCommand(SqlServerSql.DeleteStaged(staging, plan.Table, KeyColumns(columns, Resolve(plan, columns, plan.Key))));
        long deleted;
        try
        {
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqlException ex) when (ex.Number == ConstraintConflict)
        {
            // A delete meets no check constraint: 547 here is a foreign key of another table.
            throw await StillReferencedAsync(plan.Table, ex, cancellationToken);
        }

        await ExecuteAsync(SqlServerSql.DropTemporary(staging), cancellationToken);
        return deleted;
    }

    // FOREIGN KEY or CHECK constraint conflict; the statement is undone, the transaction stays open (XACT_ABORT is off).
    private const int ConstraintConflict = 547;

    /// <summary>
    /// The first staged row whose foreign key finds no parent (in the target, nor for a key to its
    /// own table among the staged rows), as the violation; null when no key of the table has one.
    /// A failure of this search leaves the server's own error to be reported.
    /// </summary>
    private async Task<ForeignKeyViolationException?> FindMissingParentAsync(
        MergePlan plan, string staging, IReadOnlyList<SqlServerCatalogColumn> columns, SqlException error, CancellationToken cancellationToken)
    {
        foreach (var key in _foreignKeys.GetValueOrDefault(plan.Table) ?? [])
        {
            var staged = key.Columns.Select(c => columns.FirstOrDefault(s => string.Equals(s.Name, c, StringComparison.OrdinalIgnoreCase))?.Name).ToList();
            if (staged.Any(c => c is null))
            {
                continue;
            }

            try
            {
                await using var command = CreateCommand(SqlServerSql.ForeignKeyOrphan(staging, staged!, key.ReferencedTable, key.ReferencedColumns, key.RefersTo(plan.Table)));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    var values = Enumerable.Range(0, staged.Count).Select(i => reader.IsDBNull(i) ? "null" : reader.GetString(i));
                    return new ForeignKeyViolationException(plan.Table, key.Name, key.ReferencedTable, $"({string.Join(", ", key.Columns)})=({string.Join(", ", values)})", stillReferenced: false, error);
                }
            }
            catch (SqlException ex) when (!IsTransientError(ex))
            {
                _log.Debug("Looking for the row without a parent of {Key} failed: {Message}", key.Name, ex.Message);
                return null;
            }
        }

        return null;
    }

    private static bool IsTransientError(SqlException ex) => ex.Class >= 20;

    /// <summary>
    /// A delete from <paramref name="parent"/> refused by a foreign key of another table: the
    /// referring table and key when the catalog shows one such key, else every referring table.
    /// </summary>
    private async Task<ForeignKeyViolationException> StillReferencedAsync(string parent, SqlException error, CancellationToken cancellationToken)
    {
        var referring = new List<(string Name, string Table)>();
        await using (var command = CreateCommand(SqlServerSql.ReferencingForeignKeys))
        {
            SqlServerParameters.AddName(command, SqlServerSql.TableParameter, parent);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                referring.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return referring.Count == 1
            ? new ForeignKeyViolationException(referring[0].Table, referring[0].Name, parent, null, stillReferenced: true, error)
            : new ForeignKeyViolationException(string.Join(" or ", referring.Select(r => r.Table).Distinct(StringComparer.Ordinal)), null, parent, null, stillReferenced: true, error);
    }

    /// <summary>
    /// Creates the staging table from the target's catalog and bulk-copies <paramref name="reader"/>
    /// into it (plus the site column, when the plan has one); returns the rows copied and the staged
    /// columns' catalog entries, in staging order.
    /// </summary>
    private async Task<(long Rows, IReadOnlyList<SqlServerCatalogColumn> Columns)> StageAsync(
        string staging, MergePlan plan, DbDataReader reader, IReadOnlyList<string> readerColumns, CancellationToken cancellationToken)
    {
        var catalog = await CatalogAsync(plan.Table, cancellationToken)
            ?? throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SrcTargetTableMissing), plan.Table));
        var sources = readerColumns.ToList();
        if (plan.SiteColumn is not null)
        {
            sources.Add(plan.SiteColumn);
        }

        var columns = sources.Select(name => catalog.FirstOrDefault(c => c.Name == name) ?? catalog.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SrcTargetNoColumn), plan.Table, name))).ToList();

        await ExecuteAsync(SqlServerSql.DropTemporary(staging), cancellationToken);
        await ExecuteAsync(SqlServerSql.CreateStaging(staging, plan.Table, columns), cancellationToken);

        // No identity, default or constraint exists on the staging table, so KeepIdentity and
        // KeepNulls change nothing today; they keep the copy literal should the staging shape change.
        // BatchSize 0: one batch. Inside our transaction a batch commits nothing on its own, so more
        // batches would only add round trips; rows stream either way, none is buffered.
        using var bulk = new SqlBulkCopy(_connection, SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.KeepNulls, _transaction)
        {
            DestinationTableName = staging,
            EnableStreaming = true,
            BatchSize = 0,
            BulkCopyTimeout = 0,
        };
        // By ordinal: the reader's columns are the sources in order (the plan spells them as the
        // target does, the bundle may not), then the site column.
        for (var i = 0; i < sources.Count; i++)
        {
            bulk.ColumnMappings.Add(i, columns[i].Name);
        }

        var source = plan.SiteColumn is null ? reader : new ConstantColumnDataReader(reader, plan.SiteColumn, plan.SiteValue);
        var asText = Enumerable.Range(0, source.FieldCount).Select(i => i < columns.Count && columns[i].IsCharacter).ToList();
        await bulk.WriteToServerAsync(new SqlServerBulkFeed(source, (IReadOnlyList<bool>)asText), cancellationToken);
        return (bulk.RowsCopied64, columns);
    }

    /// <summary>The staged columns' names for the plan's key columns.</summary>
    private static List<string> Resolve(MergePlan plan, IReadOnlyList<SqlServerCatalogColumn> columns, IReadOnlyList<string> key) =>
        key.Select(k => columns.FirstOrDefault(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase))?.Name
            ?? throw new SyncFilesException(CommonText.Get(nameof(CommonMessages.SrcTargetKeyNotInBundle), plan.Table, k))).ToList();

    /// <summary>The staged columns' catalog entries of the key columns <paramref name="key"/> (names as staged).</summary>
    private static List<SqlServerCatalogColumn> KeyColumns(IReadOnlyList<SqlServerCatalogColumn> columns, IReadOnlyList<string> key) =>
        key.Select(k => columns.First(c => string.Equals(c.Name, k, StringComparison.Ordinal))).ToList();

    /// <summary>The table's columns from the catalog; null when the table does not exist.</summary>
    private async Task<IReadOnlyList<SqlServerCatalogColumn>?> CatalogAsync(string table, CancellationToken cancellationToken)
    {
        if (_catalog.TryGetValue(table, out var known))
        {
            return known;
        }

        var columns = new List<SqlServerCatalogColumn>();
        await using (var command = CreateCommand(SqlServerSql.DescribeColumns(includeViews: false)))
        {
            SqlServerParameters.AddName(command, SqlServerSql.TableParameter, table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(SqlServerCatalog.ReadColumn(reader));
            }
        }

        var result = columns.Count == 0 ? null : columns;
        _catalog[table] = result;
        return result;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>xml, hierarchyid, geography and geometry from a SQL Server site: SQL Server has them all.</summary>
    public override Task<string?> NativeTypeAsync(string sourceProvider, ManifestColumn column, CancellationToken cancellationToken) =>
        Task.FromResult(sourceProvider == "sqlserver" && column.SourceType is { } type && SqlServerSchemaWriter.IsNativeTextType(type) ? type : null);

    public override async Task ExecuteSchemaChangeAsync(string statement, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(statement);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override SqlCommand CreateCommand(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        // A merge takes as long as the bundle needs; the transaction is ours until commit or rollback.
        command.CommandTimeout = 0;
        return command;
    }
}
