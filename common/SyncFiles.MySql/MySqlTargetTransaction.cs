using System.Data.Common;
using System.Globalization;
using MySqlConnector;
using Serilog;
using SyncFiles.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.MySql.Text;

namespace SyncFiles.MySql;

/// <summary>
/// One bundle's transaction on MariaDB or MySQL (InnoDB, READ COMMITTED), under the site's named
/// lock (<c>GET_LOCK</c>). The lock belongs to the session, not the transaction: it is released
/// once the transaction has ended, committed or rolled back (<see cref="AfterEndAsync"/>). A
/// statement that fails is undone alone by the server: the transaction stays usable to find the
/// row to name.
/// </summary>
internal sealed class MySqlTargetTransaction : TargetTransaction
{
    private readonly MySqlConnection _connection;
    private readonly MySqlTransaction _transaction;
    private readonly string _lock;
    private readonly Dictionary<string, List<MySqlCatalog.Column>> _catalog = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TargetForeignKey>> _foreignKeys = new(StringComparer.Ordinal);

    public MySqlTargetTransaction(MySqlConnection connection, MySqlTransaction transaction, string lockName, ILogger log)
        : base(transaction, MySqlLedgerDialect.Instance, log)
    {
        _connection = connection;
        _transaction = transaction;
        _lock = lockName;
    }

    public override async Task<TargetTable?> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        var found = await MySqlCatalog.ResolveAsync(_connection, table, cancellationToken);
        var name = found.FirstOrDefault();
        var columns = name is null ? [] : await MySqlCatalog.ReadColumnsAsync(_connection, name, cancellationToken);
        if (name is null || columns.Count == 0)
        {
            return null;
        }

        // Keyed by the target's spelling: the merge plan names the table as the catalog does.
        _catalog[name] = columns;
        var keys = await MySqlCatalog.ReadUniqueKeysAsync(_connection, name, cancellationToken);
        var foreignKeys = await MySqlCatalog.ReadForeignKeysAsync(_connection, name, cancellationToken);
        _foreignKeys[name] = foreignKeys;
        return new TargetTable(
            name,
            columns.Select(ToTargetColumn).ToList(),
            keys.Select(k => (IReadOnlyList<string>)k.Columns).ToList(),
            found.Skip(1).ToList())
        {
            ForeignKeys = foreignKeys,
            Triggers = await MySqlCatalog.ReadNamesAsync(_connection, MySqlCatalog.TriggersSql, name, cancellationToken),
        };
    }

    /// <summary>A target column with the limits a value must fit (docs/providers.md, MariaDB and MySQL).</summary>
    private static TargetColumn ToTargetColumn(MySqlCatalog.Column c)
    {
        var type = MySqlTypeMapper.Map(c);
        var isDecimal = type == PortableType.Decimal;
        return new TargetColumn(
            c.Name,
            c.ColumnType,
            c.Nullable,
            c.HasDefault,
            type,
            c.DataType is "char" or "varchar" or "binary" or "varbinary" ? (int?)c.MaxLength : null,
            isDecimal ? (c.DataType == "bigint" ? 20 : c.Precision) : null,
            isDecimal ? (c.DataType == "bigint" ? 0 : c.Scale) : null,
            c.DataType is "datetime" or "timestamp" or "time" ? c.FractionDigits ?? 0 : null,
            // A TIMESTAMP holds the instants of 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC.
            MinDate: c.DataType == "timestamp" ? new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc) : null,
            MaxDate: c.DataType == "timestamp" ? new DateTime(2038, 1, 19, 3, 14, 7, 999, 999, DateTimeKind.Utc) : null,
            AcceptsSourceText: c.DataType is "enum" or "set" or "json",
            IsGenerated: c.IsGenerated);
    }

    public override Task DeferForeignKeysAsync(TargetTable table, IReadOnlyList<TargetForeignKey> foreignKeys, CancellationToken cancellationToken) =>
        // Never asked: MariaDB and MySQL declare no foreign key deferrable (MySqlCatalog).
        Task.CompletedTask;

    public override async Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellationToken) =>
        (await MySqlCatalog.ReadTablesAsync(_connection, cancellationToken)).Select(t => t.Name).ToList();

    public override async Task<MergeResult> MergeAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken)
    {
        var staging = Staging("syncfiles_stage_", plan.Table);
        var columns = StagedColumns(plan);
        var staged = await StageAsync(staging, plan, columns, rows, cancellationToken);

        long inserted = 0;
        long updated = 0;
        long deleted = 0;
        var deleting = false;
        try
        {
            if (staged > 0)
            {
                await using (var count = Command(MySqlSql.CountNew(staging, plan.Table, plan.Key)))
                {
                    inserted = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                }

                await using var upsert = Command(MySqlSql.Upsert(staging, plan.Table, columns, plan.Key));
                var affected = await upsert.ExecuteNonQueryAsync(cancellationToken);
                updated = (affected - inserted) / 2;
            }

            if (plan.MirrorDeletes)
            {
                deleting = true;
                deleted = await DeleteStagedAsync(staging, plan, staged: false, cancellationToken);
            }
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.NoReferencedRow2 && !deleting)
        {
            throw await MissingParentAsync(ex, plan.Table, staging, cancellationToken);
        }
        catch (MySqlException ex) when (ex.ErrorCode is MySqlErrorCode.RowIsReferenced2 or MySqlErrorCode.NoReferencedRow2)
        {
            throw new ForeignKeyViolationException("?", null, plan.Table, null, stillReferenced: true, ex);
        }

        await ExecuteAsync(MySqlSql.DropStaging(staging), cancellationToken);
        Log.Debug("Merged {Table}: {Staged} staged, {Inserted} inserted, {Updated} updated, {Deleted} deleted", plan.Table, staged, inserted, updated, deleted);
        return new MergeResult(staged, inserted, updated, staged - inserted - updated, deleted);
    }

    public override async Task<long> DeleteAsync(MergePlan plan, DbDataReader keys, CancellationToken cancellationToken)
    {
        var staging = Staging("syncfiles_tombstones_", plan.Table);
        var keyPlan = plan with { Columns = plan.KeyWithoutSite.Select(k => plan.Columns.First(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase))).ToList(), SiteColumn = null, SiteValue = null };
        await StageAsync(staging, keyPlan, StagedColumns(keyPlan), keys, cancellationToken);
        long deleted;
        try
        {
            deleted = await DeleteStagedAsync(staging, plan, staged: true, cancellationToken);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.RowIsReferenced2)
        {
            throw new ForeignKeyViolationException("?", null, plan.Table, null, stillReferenced: true, ex);
        }

        await ExecuteAsync(MySqlSql.DropStaging(staging), cancellationToken);
        return deleted;
    }

    /// <summary>
    /// The source's own type, from a MariaDB/MySQL site, when it is one this head office declares
    /// as it is: an ENUM or SET with its values, or JSON (MySqlSchemaWriter checks the text).
    /// </summary>
    public override Task<string?> NativeTypeAsync(string sourceProvider, ManifestColumn column, CancellationToken cancellationToken) =>
        Task.FromResult(sourceProvider == "mysql" && column.SourceType is { } type && MySqlSchemaWriter.IsPlainTypeName(type) ? type : null);

    /// <summary>
    /// Runs DDL. MariaDB and MySQL commit the open transaction before and after any DDL, so the
    /// change is kept even if the bundle then fails (docs/providers.md); a new transaction is
    /// started for what follows.
    /// </summary>
    public override async Task ExecuteSchemaChangeAsync(string statement, CancellationToken cancellationToken)
    {
        await ExecuteAsync(statement, cancellationToken);
        await ExecuteAsync(MySqlSql.BeginBundle, cancellationToken);
    }

    /// <summary>Releases the site's named lock, which the session keeps after the commit or the rollback.</summary>
    protected override Task AfterEndAsync() => UnlockAsync(_connection, _lock);

    /// <summary>Releases the site's named lock; a connection already lost released it with the session.</summary>
    public static async Task UnlockAsync(MySqlConnection connection, string resource)
    {
        try
        {
            await using var command = new MySqlCommand(MySqlSql.Unlock, connection);
            command.Parameters.AddWithValue("@resource", resource);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is MySqlException or InvalidOperationException)
        {
            // Nothing to undo: the server drops a session's locks with the session.
        }
    }

    /// <summary>
    /// A row of <paramref name="table"/> whose parent is missing, named: the first staged row whose
    /// foreign key finds no parent, for each of the table's foreign keys in turn.
    /// </summary>
    private async Task<ForeignKeyViolationException> MissingParentAsync(MySqlException ex, string table, string staging, CancellationToken cancellationToken)
    {
        foreach (var key in _foreignKeys.GetValueOrDefault(table) ?? [])
        {
            if (!key.Columns.All(c => _catalog[table].Any(k => string.Equals(k.Name, c, StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }

            try
            {
                await using var command = Command(MySqlSql.Orphan(staging, key.Columns, key.ReferencedTable, key.ReferencedColumns));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    var values = Enumerable.Range(0, key.Columns.Count).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetString(i));
                    return new ForeignKeyViolationException(table, key.Name, key.ReferencedTable, $"({string.Join(", ", key.Columns)})=({string.Join(", ", values)})", stillReferenced: false, ex);
                }
            }
            catch (MySqlException)
            {
                // A staging without that key's columns: the next key, or the server's own words.
            }
        }

        return new ForeignKeyViolationException(table, null, null, null, stillReferenced: false, ex);
    }

    private static List<string> StagedColumns(MergePlan plan)
    {
        var columns = plan.Columns.Select(c => c.Name).ToList();
        if (plan.SiteColumn is not null)
        {
            columns.Add(plan.SiteColumn);
        }

        return columns;
    }

    /// <summary>
    /// Creates the staging table shaped from the target and loads it with MySqlBulkCopy (LOAD DATA
    /// LOCAL INFILE streamed from the rows, never a file). LOAD DATA LOCAL turns a value the column
    /// cannot take into a warning and a changed value, so any warning refuses the bundle.
    /// </summary>
    private async Task<long> StageAsync(string staging, MergePlan plan, List<string> columns, DbDataReader rows, CancellationToken cancellationToken)
    {
        await ExecuteAsync(MySqlSql.DropStaging(staging), cancellationToken);
        await ExecuteAsync(MySqlSql.CreateStaging(staging, plan.Table, columns), cancellationToken);
        var staged = new MySqlStagingReader(rows, plan.SiteColumn is null ? null : plan.SiteValue);
        var copy = new MySqlBulkCopy(_connection, _transaction) { DestinationTableName = MySqlIdentifier.Quote(staging), BulkCopyTimeout = 0 };
        for (var i = 0; i < columns.Count; i++)
        {
            // MySqlBulkCopy quotes the column names itself; they passed Identifier's rule (StagedColumns).
            copy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(i, Identifier.Validate(columns[i], "column")));
        }

        MySqlBulkCopyResult result;
        try
        {
            result = await copy.WriteToServerAsync(staged, cancellationToken);
        }
        catch (MySqlException ex) when (ex.InnerException is { } inner and not MySqlException)
        {
            // The bundle's reader failed while the driver streamed it (a value the importer's
            // checks refused, a damaged entry): that failure, not the driver's wrapper, is the story.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }

        if (result.Warnings.Count > 0)
        {
            var warning = result.Warnings[0];
            throw new MySqlStagingException(MySqlText.Get(nameof(MySqlMessages.TgtStagingWarning), plan.Table, warning.Message, result.Warnings.Count));
        }

        return staged.Rows;
    }

    private async Task<long> DeleteStagedAsync(string staging, MergePlan plan, bool staged, CancellationToken cancellationToken)
    {
        await using var command = Command(MySqlSql.Delete(staging, plan.Table, plan.KeyWithoutSite, plan.SiteColumn, staged));
        if (plan.SiteColumn is not null)
        {
            command.Parameters.AddWithValue("@site", plan.SiteValue!);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A staging table's name: MariaDB keeps 64 characters, so a long table name is cut and told apart by a hash.</summary>
    private static string Staging(string prefix, string table)
    {
        var name = prefix + table;
        if (name.Length <= MySqlIdentifier.MaxLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..8];
        return name[..(MySqlIdentifier.MaxLength - 9)] + "_" + hash;
    }

    private MySqlCommand Command(string sql) => new(sql, _connection, _transaction) { CommandTimeout = 0 };

    protected override DbCommand CreateCommand(string sql) => Command(sql);
}

/// <summary>
/// A value the staging table could not take as it was (LOAD DATA LOCAL's warning, which strict
/// mode does not turn into an error there): the bundle's data, which the target refuses.
/// </summary>
internal sealed class MySqlStagingException(Common.Text.LocalizedText text) : SyncFilesException(text);
