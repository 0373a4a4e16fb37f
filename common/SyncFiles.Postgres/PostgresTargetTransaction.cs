using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Serilog;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>One bundle's transaction on the central PostgreSQL database, holding the site's advisory lock.</summary>
internal sealed partial class PostgresTargetTransaction : TargetTransaction
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly ILogger _log;
    private readonly Dictionary<string, List<PostgresCatalog.Column>> _catalog = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostgresCatalog.Relation> _relations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PostgresCatalog.ForeignKey>> _foreignKeys = new(StringComparer.Ordinal);

    // Whether some foreign key's check was put off to the commit (DeferForeignKeysAsync).
    private bool _deferred;

    public PostgresTargetTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, ILogger log)
        : base(transaction, PostgresLedgerDialect.Instance, log)
    {
        _connection = connection;
        _transaction = transaction;
        _log = log;
    }

    public override async Task<TargetTable?> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        var found = await PostgresCatalog.ResolveAsync(_connection, table, cancellationToken);
        var relation = found.FirstOrDefault(r => r.Name == table) ?? found.FirstOrDefault();
        var columns = relation is null ? [] : await PostgresCatalog.ReadColumnsAsync(_connection, relation, cancellationToken);
        if (relation is null || columns.Count == 0)
        {
            return null;
        }

        // Keyed by the target's spelling: the merge plan names the table as the catalog does.
        _catalog[relation.Name] = columns;
        _relations[relation.Name] = relation;
        var keys = await PostgresCatalog.ReadUniqueKeysAsync(_connection, relation, cancellationToken);
        var foreignKeys = await PostgresCatalog.ReadForeignKeysAsync(_connection, relation, cancellationToken);
        _foreignKeys[relation.Name] = foreignKeys;
        return new TargetTable(
            relation.Name,
            columns.Select(c => new TargetColumn(
                c.Name,
                c.DeclaredType,
                c.Nullable,
                c.HasDefault,
                PostgresTypeMapper.Map(c.TypeName),
                c.MaxLength,
                c.TypeName == "numeric" ? c.Precision : null,
                c.TypeName == "numeric" ? c.Scale : null,
                c.TypeName is "timestamp" or "timestamptz" or "time" ? c.FractionDigits : null,
                AcceptsSourceText: true,
                IsGenerated: c.IsGenerated,
                IsIdentityAlways: c.IsIdentityAlways)
            {
                // PostgreSQL has infinite dates, and NaN and infinities in float4/float8 (PostgresValues).
                TakesInfinity = c.TypeName is "date" or "timestamp" or "timestamptz",
                TakesNaN = true,
                TakesFloatInfinity = true,
            }).ToList(),
            keys.Select(k => (IReadOnlyList<string>)k.Columns).ToList(),
            found.Where(r => r != relation).Select(r => r.Name).ToList())
        {
            ForeignKeys = foreignKeys.Select(k => k.Key).ToList(),
            Triggers = await PostgresCatalog.ReadTriggersAsync(_connection, relation, cancellationToken),
        };
    }

    public override async Task DeferForeignKeysAsync(TargetTable table, IReadOnlyList<TargetForeignKey> foreignKeys, CancellationToken cancellationToken)
    {
        if (foreignKeys.Count == 0)
        {
            return;
        }

        await ExecuteAsync(PostgresSql.DeferConstraints(_relations[table.Name].Schema, foreignKeys.Select(k => k.Name)), cancellationToken);
        _deferred = true;
    }

    public override async Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellationToken) =>
        await PostgresCatalog.ReadTablesAsync(_connection, cancellationToken);

    public override async Task<MergeResult> MergeAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken)
    {
        var staging = "syncfiles_stage_" + plan.Table;
        var columns = StagedColumns(plan);
        var asText = StagedAsText(plan, columns);
        var staged = await StageAsync(staging, plan, columns, asText, rows, cancellationToken);

        long inserted = 0;
        long updated = 0;
        long deleted = 0;
        var deleting = false;
        try
        {
            // A foreign key violation aborts the statement: back to here, the staged rows name it.
            await ExecuteAsync(PostgresSql.Savepoint, cancellationToken);
            if (staged > 0)
            {
                var catalog = _catalog[plan.Table];
                var identityAlways = catalog.Where(c => c.IsIdentityAlways && columns.Contains(c.Name)).Select(c => c.Name).ToList();

                // A partitioned table cannot return xmax: there the inserts are counted by key instead.
                var partitioned = _relations[plan.Table].IsPartitioned;
                await using var upsert = Command(PostgresSql.Upsert(staging, plan.Table, columns, plan.Key, asText, identityAlways, partitioned));
                await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                inserted = reader.GetInt64(0);
                updated = reader.GetInt64(1);
            }

            if (plan.MirrorDeletes)
            {
                deleting = true;
                deleted = await DeleteStagedAsync(staging, plan, asText, staged: false, cancellationToken);
            }

            await ExecuteAsync(PostgresSql.ReleaseSavepoint, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // A row of another table (written by a trigger) is named by the server alone.
            throw deleting ? StillReferenced(ex, plan.Table)
                : ex.TableName is { } other && other != plan.Table ? new ForeignKeyViolationException(other, ex.ConstraintName, null, DetailKey(ex), stillReferenced: false, ex)
                : await MissingParentAsync(ex, plan.Table, "pg_temp." + PostgresIdentifier.Quote(staging), cancellationToken);
        }
        catch (PostgresException ex) when (asText.Count > 0 && (ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState.StartsWith("23", StringComparison.Ordinal)))
        {
            // A staged text the column's type cannot read (22P02), a domain's check (23514): the
            // server's message names neither table nor column. The same error, with the table.
            throw WithTable(ex, plan.Table);
        }

        await ExecuteAsync(PostgresSql.DropStaging(staging), cancellationToken);
        _log.Debug("Merged {Table}: {Staged} staged, {Inserted} inserted, {Updated} updated, {Deleted} deleted", plan.Table, staged, inserted, updated, deleted);
        return new MergeResult(staged, inserted, updated, staged - inserted - updated, deleted);
    }

    public override async Task<long> DeleteAsync(MergePlan plan, DbDataReader keys, CancellationToken cancellationToken)
    {
        var staging = "syncfiles_tombstones_" + plan.Table;
        var keyPlan = plan.ForTombstones();
        var columns = StagedColumns(keyPlan);
        var asText = StagedAsText(keyPlan, columns);
        await StageAsync(staging, keyPlan, columns, asText, keys, cancellationToken);
        long deleted;
        try
        {
            deleted = await DeleteStagedAsync(staging, plan, asText, staged: true, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw StillReferenced(ex, plan.Table);
        }
        catch (PostgresException ex) when (asText.Count > 0 && ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            throw WithTable(ex, plan.Table);
        }

        await ExecuteAsync(PostgresSql.DropStaging(staging), cancellationToken);
        return deleted;
    }

    /// <summary>The deferred checks, run now inside a savepoint: a violation leaves the rows in place to name.</summary>
    protected override async Task BeforeCommitAsync(CancellationToken cancellationToken)
    {
        if (!_deferred)
        {
            return;
        }

        await ExecuteAsync(PostgresSql.Savepoint, cancellationToken);
        try
        {
            await ExecuteAsync("SET CONSTRAINTS ALL IMMEDIATE", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw await MissingParentAsync(ex, ex.TableName, rows: null, cancellationToken);
        }
    }

    /// <summary>
    /// A row of <paramref name="table"/> whose parent is missing, named: the constraint and parent
    /// from the catalog, the key from the first such row of <paramref name="rows"/> (the staging;
    /// null: the table itself), found after going back to the savepoint before the statement.
    /// </summary>
    private async Task<ForeignKeyViolationException> MissingParentAsync(PostgresException ex, string? table, string? rows, CancellationToken cancellationToken)
    {
        table ??= ex.TableName ?? "?";
        var found = _foreignKeys.GetValueOrDefault(table)?.FirstOrDefault(k => k.Key.Name == ex.ConstraintName);
        if (found is null)
        {
            return new ForeignKeyViolationException(table, ex.ConstraintName, null, DetailKey(ex), stillReferenced: false, ex);
        }

        await ExecuteAsync(PostgresSql.RollbackToSavepoint, cancellationToken);
        var self = _relations[table].RegClass;
        var sql = PostgresSql.ForeignKeyOrphan(rows ?? self, found.Key.Columns, found.ParentRegClass, found.Key.ReferencedColumns, rows is not null && found.Key.RefersTo(table) ? rows : null);
        await using var command = Command(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var key = await reader.ReadAsync(cancellationToken)
            ? $"({string.Join(", ", found.Key.Columns)})=({string.Join(", ", Enumerable.Range(0, found.Key.Columns.Count).Select(reader.GetString))})"
            : DetailKey(ex);
        return new ForeignKeyViolationException(table, found.Key.Name, found.Key.ReferencedTable, key, stillReferenced: false, ex);
    }

    /// <summary>A parent row of <paramref name="parent"/> deleted while another table's rows refer to it.</summary>
    private static ForeignKeyViolationException StillReferenced(PostgresException ex, string parent) =>
        new(ex.TableName ?? "?", ex.ConstraintName, parent, DetailKey(ex), stillReferenced: true, ex);

    /// <summary>The key PostgreSQL's detail names (<c>Key (id)=(1) is ...</c>), when the connection string lets Npgsql pass the detail on.</summary>
    private static string? DetailKey(PostgresException ex)
    {
        var detail = ex.Detail;
        if (detail is null || !detail.StartsWith("Key (", StringComparison.Ordinal))
        {
            return null;
        }

        var end = detail.IndexOf(" is ", StringComparison.Ordinal);
        return end < 0 ? null : detail[4..end];
    }

    // Same SQLSTATE, so the provider still tells rejected data from a failure worth retrying.
    private static PostgresException WithTable(PostgresException ex, string table) => new(
        $"table {table}: {ex.MessageText}{(string.IsNullOrEmpty(ex.Detail) ? string.Empty : $" ({ex.Detail})")}",
        ex.Severity,
        ex.InvariantSeverity,
        ex.SqlState);

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
    /// The staged columns binary COPY cannot write our values into, by name, with the target type
    /// the upsert casts them to: a type with no portable equivalent (enum, domain, array, json,
    /// interval, money...), and a non-text column receiving a bundle column carried as the source's
    /// own text (a native-text <c>numeric</c> into numeric(38,10)). Their values are staged as the
    /// bundle's text and PostgreSQL's own input function reads them.
    /// </summary>
    private Dictionary<string, string> StagedAsText(MergePlan plan, List<string> columns)
    {
        var catalog = _catalog[plan.Table];
        var asText = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Count; i++)
        {
            var target = FindColumn(catalog, columns[i]);
            var type = PostgresTypeMapper.Map(target.TypeName);
            var bundle = i < plan.Columns.Count ? plan.Columns[i] : null;
            if (type is null || (bundle is not null && PostgresTypeMapper.IsNativeText(bundle) && type != PortableType.String))
            {
                asText[columns[i]] = target.DeclaredType;
            }
        }

        return asText;
    }

    private static PostgresCatalog.Column FindColumn(List<PostgresCatalog.Column> catalog, string name) =>
        catalog.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? catalog.First(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Creates the staging table shaped from the target and fills it by binary COPY, one row at a time.</summary>
    private async Task<long> StageAsync(string staging, MergePlan plan, List<string> columns, Dictionary<string, string> asText, DbDataReader rows, CancellationToken cancellationToken)
    {
        await ExecuteAsync(PostgresSql.DropStaging(staging), cancellationToken);
        await ExecuteAsync(PostgresSql.CreateStaging(staging, plan.Table, columns, asText), cancellationToken);
        return await CopyRowsAsync(PostgresSql.CopyIntoStaging(staging, columns), plan, columns, asText, rows, cancellationToken);
    }

    /// <summary>Writes every row of <paramref name="rows"/>, then the site column, into the binary COPY <paramref name="copySql"/>; returns the number of rows.</summary>
    private async Task<long> CopyRowsAsync(string copySql, MergePlan plan, List<string> columns, Dictionary<string, string> asText, DbDataReader rows, CancellationToken cancellationToken)
    {
        var catalog = _catalog[plan.Table];
        var targetTypes = columns.Select(name => asText.ContainsKey(name) ? "text" : FindColumn(catalog, name).TypeName).ToArray();
        var bundleColumns = plan.Columns.Count;
        var writers = new PostgresCopyColumnWriter[bundleColumns];
        for (var i = 0; i < bundleColumns; i++)
        {
            writers[i] = PostgresCopyColumnWriter.For(plan.Columns[i], targetTypes[i], asText.ContainsKey(columns[i]));
        }

        // Written synchronously value by value: Npgsql flushes its buffer to the server when it is
        // full, and an await per value costs more than the write (docs/performance.md, "Import
        // margin (issue 16)"). The token is checked as each row is read.
        var siteTypeName = plan.SiteColumn is null ? null : targetTypes[bundleColumns];
        var siteType = siteTypeName is null ? null : PostgresCopyColumnWriter.TextType(siteTypeName);
        long staged = 0;
        await using (var copy = await _connection.BeginBinaryImportAsync(copySql, cancellationToken))
        {
            while (await rows.ReadAsync(cancellationToken))
            {
                copy.StartRow();
                for (var i = 0; i < bundleColumns; i++)
                {
                    if (rows.IsDBNull(i))
                    {
                        copy.WriteNull();
                    }
                    else
                    {
                        writers[i].Write(copy, rows, i);
                    }
                }

                if (siteType is { } type)
                {
                    copy.Write(plan.SiteValue!, type);
                }
                else if (siteTypeName is not null)
                {
                    copy.Write(plan.SiteValue!, siteTypeName);
                }

                staged++;
            }

            await copy.CompleteAsync(cancellationToken);
        }

        return staged;
    }

    private async Task<long> DeleteStagedAsync(string staging, MergePlan plan, Dictionary<string, string> asText, bool staged, CancellationToken cancellationToken)
    {
        await using var command = Command(PostgresSql.Delete(staging, plan.Table, plan.Key, plan.SiteColumn, staged, asText));
        if (plan.SiteColumn is not null)
        {
            command.Parameters.AddWithValue("site", NpgsqlDbType.Text, plan.SiteValue!);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The source's own type, from a PostgreSQL site, when this database has it (to_regtype: a
    /// built-in type, an array of one, or an enum or domain created here); null otherwise. Only a
    /// plain type name is looked up (<see cref="PostgresSchemaWriter.IsPlainTypeName"/>), under a
    /// savepoint, so a name PostgreSQL cannot parse never aborts the transaction.
    /// </summary>
    public override async Task<string?> NativeTypeAsync(string sourceProvider, ManifestColumn column, CancellationToken cancellationToken)
    {
        if (sourceProvider != "postgres" || column.SourceType is not { } type || !PostgresSchemaWriter.IsPlainTypeName(type))
        {
            return null;
        }

        await _transaction.SaveAsync("syncfiles_type", cancellationToken);
        try
        {
            await using var command = Command("SELECT to_regtype(@type) IS NOT NULL");
            command.Parameters.AddWithValue("type", type);
            var found = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            await _transaction.ReleaseAsync("syncfiles_type", cancellationToken);
            return found ? type : null;
        }
        catch (PostgresException)
        {
            // A name PostgreSQL's parser refuses: not a type it has. The text type takes the values.
            await _transaction.RollbackAsync("syncfiles_type", cancellationToken);
            return null;
        }
    }

    public override async Task ExecuteSchemaChangeAsync(string statement, CancellationToken cancellationToken)
    {
        await using var command = Command(statement);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override NpgsqlCommand CreateCommand(string sql) => Command(sql);

    private NpgsqlCommand Command(string sql) => new(sql, _connection, _transaction) { CommandTimeout = 0 };
}
