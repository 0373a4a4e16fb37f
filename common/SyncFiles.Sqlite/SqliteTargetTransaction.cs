using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Serilog;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

/// <summary>One bundle's transaction on the central SQLite database, its foreign keys deferred to the commit.</summary>
internal sealed partial class SqliteTargetTransaction : TargetTransaction
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly ILogger _log;

    // Per table (the target's spelling), the columns of TEXT affinity: they store any bundle value as its exact text.
    private readonly Dictionary<string, HashSet<string>> _textColumns = new(StringComparer.Ordinal);

    public SqliteTargetTransaction(SqliteConnection connection, SqliteTransaction transaction, ILogger log)
        : base(transaction, SqliteLedgerDialect.Instance, log)
    {
        _connection = connection;
        _transaction = transaction;
        _log = log;
    }

    public override async Task<TargetTable?> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        // SQLite's names are case-insensitive (no two can differ only by case): find the table's own spelling.
        string? spelling;
        await using (var command = CreateCommand("SELECT name FROM main.sqlite_schema WHERE type IN ('table', 'view') AND name = $table COLLATE NOCASE"))
        {
            command.Parameters.AddWithValue("$table", table);
            spelling = await command.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (spelling is null)
        {
            return null;
        }

        table = spelling;
        var columns = new List<TargetColumn>();
        var primaryKey = new List<(int Position, string Name)>();
        var text = new HashSet<string>(StringComparer.Ordinal);

        // hidden: 2 and 3 are generated columns (virtual, stored), 1 a virtual table's hidden column.
        await using (var command = CreateCommand("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo($table) WHERE hidden <> 1 ORDER BY cid"))
        {
            command.Parameters.AddWithValue("$table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                var generated = reader.GetInt64(5) is 2 or 3;
                var column = SqliteTargetColumns.Describe(table, name, reader.GetString(1), reader.GetInt64(2) == 0, !reader.IsDBNull(3) || generated);
                columns.Add(column with { IsGenerated = generated });
                if (SqliteTargetColumns.HasTextAffinity(column.DeclaredType))
                {
                    text.Add(name);
                }

                if (reader.GetInt32(4) > 0)
                {
                    primaryKey.Add((reader.GetInt32(4), name));
                }
            }
        }

        if (columns.Count == 0)
        {
            return null;
        }

        _textColumns[table] = text;
        var uniqueKeys = new List<IReadOnlyList<string>>();
        if (primaryKey.Count > 0)
        {
            uniqueKeys.Add(primaryKey.OrderBy(k => k.Position).Select(k => k.Name).ToList());
        }

        await using (var command = CreateCommand("""
            SELECT il.name, ii.name FROM pragma_index_list($table) AS il
            JOIN pragma_index_info(il.name) AS ii
            WHERE il."unique" = 1 AND il.partial = 0
            ORDER BY il.name, ii.seqno
            """))
        {
            command.Parameters.AddWithValue("$table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            string? current = null;
            List<string>? key = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(0) != current)
                {
                    current = reader.GetString(0);
                    key = [];
                    uniqueKeys.Add(key);
                }

                // An index on an expression has no column name; it cannot serve as a merge key.
                key!.Add(reader.IsDBNull(1) ? string.Empty : reader.GetString(1));
            }
        }

        var triggers = new List<string>();
        await using (var command = CreateCommand("SELECT name FROM main.sqlite_schema WHERE type = 'trigger' AND tbl_name = $table COLLATE NOCASE ORDER BY name"))
        {
            command.Parameters.AddWithValue("$table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                triggers.Add(reader.GetString(0));
            }
        }

        return new TargetTable(table, columns, uniqueKeys) { ForeignKeys = await ReadForeignKeysAsync(table, cancellationToken), Triggers = triggers };
    }

    public override async Task<IReadOnlyList<string>> ListTablesAsync(CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using var command = CreateCommand("SELECT name FROM main.sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>
    /// The table's foreign keys (pragma_foreign_key_list: one row per column pair, by id). A key that
    /// names no parent columns refers to the parent's primary key. SQLite keeps no constraint names:
    /// each is named by its columns. Every one is deferrable: the bundle's transaction defers them all.
    /// </summary>
    private async Task<IReadOnlyList<TargetForeignKey>> ReadForeignKeysAsync(string table, CancellationToken cancellationToken)
    {
        var pairs = new List<(long Id, string Parent, string From, string? To)>();
        await using (var command = CreateCommand("SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($table) ORDER BY id, seq"))
        {
            command.Parameters.AddWithValue("$table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pairs.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        var keys = new List<TargetForeignKey>();
        foreach (var group in pairs.GroupBy(p => p.Id))
        {
            var parent = await SpellingAsync(group.First().Parent, cancellationToken) ?? group.First().Parent;
            var columns = group.Select(p => p.From).ToList();
            var referenced = group.All(p => p.To is not null) ? group.Select(p => p.To!).ToList() : await PrimaryKeyAsync(parent, cancellationToken);
            keys.Add(new TargetForeignKey(SqliteForeignKeyName(table, columns, parent, referenced), columns, parent, referenced, Deferrable: true));
        }

        return keys;
    }

    private static string SqliteForeignKeyName(string table, IReadOnlyList<string> columns, string parent, IReadOnlyList<string> referenced) =>
        $"{table}({string.Join(", ", columns)}) -> {parent}({string.Join(", ", referenced)})";

    private async Task<string?> SpellingAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name = $table COLLATE NOCASE");
        command.Parameters.AddWithValue("$table", table);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<List<string>> PrimaryKeyAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand("SELECT name FROM pragma_table_info($table) WHERE pk > 0 ORDER BY pk");
        command.Parameters.AddWithValue("$table", table);
        var key = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            key.Add(reader.GetString(0));
        }

        return key;
    }

    /// <summary>Nothing to do: the bundle's transaction defers every foreign key (SqliteTargetConnection.BeginBundleAsync).</summary>
    public override Task DeferForeignKeysAsync(TargetTable table, IReadOnlyList<TargetForeignKey> foreignKeys, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<MergeResult> MergeAsync(MergePlan plan, DbDataReader rows, CancellationToken cancellationToken)
    {
        var merge = new SqliteMerge(plan);
        await ExecuteAsync(merge.DropStaging, cancellationToken);
        await ExecuteAsync(merge.CreateStaging, cancellationToken);
        var staged = await LoadStagingAsync(merge, plan, rows, cancellationToken);

        long existing = 0;
        long changed = 0;
        if (staged > 0)
        {
            await using (var count = CreateCommand(merge.CountExisting))
            {
                existing = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            changed = await ExecuteAsync(merge.Upsert, cancellationToken);
        }

        long deleted = 0;
        if (plan.MirrorDeletes)
        {
            var indexed = new SqliteMerge(plan, keyCollations: await ReadKeyCollationsAsync(plan, cancellationToken));
            await ExecuteAsync(indexed.IndexStaging, cancellationToken);
            await using var mirror = CreateCommand(merge.MirrorDelete);
            mirror.Parameters.AddWithValue(SqliteMerge.SiteParameter, plan.SiteValue);
            deleted = await mirror.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(merge.DropStaging, cancellationToken);
        var inserted = Math.Max(0, staged - existing);
        var updated = Math.Max(0, changed - inserted);
        var result = new MergeResult(staged, inserted, updated, Math.Max(0, existing - updated), deleted);
        _log.Debug("Merged {Table}: {Staged} staged, {Inserted} inserted, {Updated} updated, {Unchanged} unchanged", plan.Table, result.Staged, result.Inserted, result.Updated, result.Unchanged);
        return result;
    }

    public override async Task<long> DeleteAsync(MergePlan plan, DbDataReader keys, CancellationToken cancellationToken)
    {
        var keyPlan = plan.ForTombstones();
        var delete = new SqliteMerge(keyPlan, staging: "syncfiles_tombstones_" + plan.Table, keyCollations: await ReadKeyCollationsAsync(plan, cancellationToken));
        await ExecuteAsync(delete.DropStaging, cancellationToken);
        await ExecuteAsync(delete.CreateStaging, cancellationToken);
        await LoadStagingAsync(delete, keyPlan, keys, cancellationToken);
        await ExecuteAsync(delete.IndexStaging, cancellationToken);
        await using var command = CreateCommand(delete.DeleteStaged);
        if (plan.SiteColumn is not null)
        {
            command.Parameters.AddWithValue(SqliteMerge.SiteParameter, plan.SiteValue);
        }

        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        await ExecuteAsync(delete.DropStaging, cancellationToken);
        return deleted;
    }

    /// <summary>A COMMIT refused by a deferred foreign key: the offending row is still there to name.</summary>
    protected override async Task<Exception?> ExplainCommitFailureAsync(DbException error, CancellationToken cancellationToken) =>
        error is SqliteException { SqliteExtendedErrorCode: SqliteConstraintForeignKey } refused
            ? await FindViolationAsync(refused, cancellationToken)
            : null;

    /// <summary>
    /// The first row foreign_key_check reports, as the violation: the child table, the key (named by
    /// its columns), the parent and the row's key values. The tables this bundle wrote are checked
    /// first (a violation older than the bundle elsewhere is not this bundle's), then the whole
    /// database (a parent deleted under another table's rows). Null when the check finds none.
    /// </summary>
    private async Task<ForeignKeyViolationException?> FindViolationAsync(SqliteException error, CancellationToken cancellationToken)
    {
        foreach (var written in _textColumns.Keys.Cast<string?>().Append(null))
        {
            if (await FindViolationAsync(written, error, cancellationToken) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private async Task<ForeignKeyViolationException?> FindViolationAsync(string? checkedTable, SqliteException error, CancellationToken cancellationToken)
    {
        string table;
        long? rowid;
        string parent;
        long id;
        await using (var check = CreateCommand(checkedTable is null
            ? "SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check LIMIT 1"
            : "SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check($table) LIMIT 1"))
        {
            if (checkedTable is not null)
            {
                check.Parameters.AddWithValue("$table", checkedTable);
            }

            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (table, rowid, parent, id) = (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3));
        }

        var foreignKeys = await ReadForeignKeysAsync(table, cancellationToken);
        var pairs = new List<(long Id, string From)>();
        await using (var list = CreateCommand("SELECT id, \"from\" FROM pragma_foreign_key_list($table) ORDER BY id, seq"))
        {
            list.Parameters.AddWithValue("$table", table);
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pairs.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        var columns = pairs.Where(p => p.Id == id).Select(p => p.From).ToList();
        var key = foreignKeys.FirstOrDefault(k => k.Columns.SequenceEqual(columns, StringComparer.Ordinal) && k.RefersTo(parent));
        string? values = null;
        if (rowid is not null && columns.Count > 0)
        {
            await using var select = CreateCommand($"SELECT {SqliteIdentifier.QuoteList(columns)} FROM {SqliteIdentifier.Quote(table)} WHERE rowid = $rowid");
            select.Parameters.AddWithValue("$rowid", rowid.Value);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                values = $"({string.Join(", ", columns)})=({string.Join(", ", Enumerable.Range(0, columns.Count).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)))})";
            }
        }

        return new ForeignKeyViolationException(table, key?.Name, key?.ReferencedTable ?? parent, values, stillReferenced: false, error);
    }

    // SQLITE_CONSTRAINT_FOREIGNKEY (sqlite3.h).
    private const int SqliteConstraintForeignKey = 787;

    private Task<long> LoadStagingAsync(SqliteMerge merge, MergePlan plan, DbDataReader rows, CancellationToken cancellationToken) =>
        InsertRowsAsync(merge.InsertStaging, plan, rows, cancellationToken);

    /// <summary>Runs the prepared INSERT <paramref name="sql"/> once per row of <paramref name="rows"/> (the site column bound once); returns the number of rows.</summary>
    private async Task<long> InsertRowsAsync(string sql, MergePlan plan, DbDataReader rows, CancellationToken cancellationToken)
    {
        using var insert = new SqliteRowInserter(_connection, sql);
        var parameters = new int[plan.Columns.Count];
        var asText = new bool[plan.Columns.Count];
        var textColumns = _textColumns.GetValueOrDefault(plan.Table);
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = insert.ParameterIndex(SqliteMerge.ParameterName(i));
            asText[i] = textColumns?.Contains(plan.Columns[i].Name) == true;
        }

        if (plan.SiteColumn is not null)
        {
            insert.Bind(insert.ParameterIndex(SqliteMerge.SiteParameter), plan.SiteValue, asText: false);
        }

        long staged = 0;
        while (await rows.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                insert.Bind(parameters[i], rows.GetValue(i), asText[i]);
            }

            insert.Execute();
            staged++;
        }

        return staged;
    }

    /// <summary>
    /// The collation of each key column in the target's unique index on exactly the plan's key
    /// (the one the upsert's ON CONFLICT uses); none for a rowid key (INTEGER PRIMARY KEY has no index).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> ReadKeyCollationsAsync(MergePlan plan, CancellationToken cancellationToken)
    {
        var byIndex = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        await using (var command = CreateCommand("""
            SELECT il.name, ii.name, ii.coll FROM pragma_index_list($table) AS il
            JOIN pragma_index_xinfo(il.name) AS ii
            WHERE il."unique" = 1 AND il.partial = 0 AND ii."key" = 1 AND ii.name IS NOT NULL
            ORDER BY il.name, ii.seqno
            """))
        {
            command.Parameters.AddWithValue("$table", plan.Table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!byIndex.TryGetValue(reader.GetString(0), out var columns))
                {
                    byIndex[reader.GetString(0)] = columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                columns[reader.GetString(1)] = reader.IsDBNull(2) ? "BINARY" : reader.GetString(2);
            }
        }

        var match = byIndex.Values.FirstOrDefault(columns => columns.Count == plan.Key.Count && plan.Key.All(columns.ContainsKey));
        return match ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }

    private async Task<long> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(sql);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>SQLite has no types of its own to keep: a source type always travels as text (TEXT).</summary>
    public override Task<string?> NativeTypeAsync(string sourceProvider, ManifestColumn column, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public override async Task ExecuteSchemaChangeAsync(string statement, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(statement);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override SqliteCommand CreateCommand(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
