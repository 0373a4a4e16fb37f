using MySqlConnector;
using SyncFiles.Common.Providers;

namespace SyncFiles.MySql;

/// <summary>
/// Catalog reads (information_schema) of the connection's current database, shared by the source
/// snapshot, <c>init</c>'s catalog and the target. information_schema compares names without
/// regard to case, so a lookup finds every spelling and the caller picks the exact one.
/// </summary>
internal static class MySqlCatalog
{
    public const string TablesSql = """
        SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME
        """;

    public const string ColumnsSql = """
        SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE = 'YES', CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE,
               DATETIME_PRECISION, COLUMN_DEFAULT IS NOT NULL OR EXTRA LIKE '%auto_increment%', EXTRA LIKE '%auto_increment%',
               COALESCE(GENERATION_EXPRESSION, '') <> '', CHARACTER_SET_NAME
        FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table AND BINARY TABLE_NAME = BINARY @table
        ORDER BY ORDINAL_POSITION
        """;

    /// <summary>Unique indexes on whole columns (a prefix index is unique on the prefix only), primary key first.</summary>
    public const string UniqueKeysSql = """
        SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND BINARY TABLE_NAME = BINARY @table AND NON_UNIQUE = 0
          AND INDEX_NAME NOT IN (SELECT INDEX_NAME FROM information_schema.STATISTICS
                                 WHERE TABLE_SCHEMA = DATABASE() AND BINARY TABLE_NAME = BINARY @table AND (SUB_PART IS NOT NULL OR COLUMN_NAME IS NULL))
        ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX
        """;

    public const string IndexLeadingColumnsSql = """
        SELECT DISTINCT COLUMN_NAME FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND BINARY TABLE_NAME = BINARY @table AND SEQ_IN_INDEX = 1 AND COLUMN_NAME IS NOT NULL
        """;

    public const string ForeignKeysSql = """
        SELECT CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = DATABASE() AND BINARY TABLE_NAME = BINARY @table
          AND REFERENCED_TABLE_NAME IS NOT NULL AND REFERENCED_TABLE_SCHEMA = DATABASE()
        ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION
        """;

    public const string TriggersSql = """
        SELECT TRIGGER_NAME FROM information_schema.TRIGGERS
        WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND BINARY EVENT_OBJECT_TABLE = BINARY @table ORDER BY TRIGGER_NAME
        """;

    /// <summary>One column as information_schema declares it.</summary>
    public sealed record Column(
        string Name,
        string DataType,
        string ColumnType,
        bool Nullable,
        long? MaxLength,
        int? Precision,
        int? Scale,
        int? FractionDigits,
        bool HasDefault,
        bool IsAutoNumber,
        bool IsGenerated,
        string? CharacterSet)
    {
        public bool Unsigned => ColumnType.Contains("unsigned", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The base tables and views of the current database, as the catalog spells them, with the engine's row estimate.</summary>
    public static async Task<List<(string Name, bool IsView, long? Rows)>> ReadTablesAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(TablesSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tables = new List<(string, bool, long?)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add((reader.GetString(0), reader.GetString(1) == "VIEW", reader.IsDBNull(2) ? null : Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return tables;
    }

    /// <summary>
    /// The catalog's spellings of <paramref name="table"/>: the exact one alone when it exists,
    /// otherwise every one that differs only by case (none: no such table).
    /// </summary>
    public static async Task<List<string>> ResolveAsync(MySqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var found = (await ReadTablesAsync(connection, cancellationToken))
            .Select(t => t.Name)
            .Where(n => string.Equals(n, table, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return found.Contains(table, StringComparer.Ordinal) ? [table] : found;
    }

    public static async Task<List<Column>> ReadColumnsAsync(MySqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(ColumnsSql, connection);
        command.Parameters.AddWithValue("@table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<Column>();
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(new Column(
                reader.GetString(0),
                reader.GetString(1).ToLowerInvariant(),
                reader.GetString(2).ToLowerInvariant(),
                reader.GetInt64(3) != 0,
                reader.IsDBNull(4) ? null : Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(6) ? null : Convert.ToInt32(reader.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(7) ? null : Convert.ToInt32(reader.GetValue(7), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetInt64(8) != 0,
                reader.GetInt64(9) != 0,
                reader.GetInt64(10) != 0,
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return columns;
    }

    /// <summary>Each unique key's columns in key order, the primary key first (when there is one).</summary>
    public static async Task<List<(bool Primary, List<string> Columns)>> ReadUniqueKeysAsync(MySqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var keys = new List<(bool, List<string>)>();
        await using var command = new MySqlCommand(UniqueKeysSql, connection);
        command.Parameters.AddWithValue("@table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        string? current = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var index = reader.GetString(0);
            if (index != current)
            {
                keys.Add((index == "PRIMARY", []));
                current = index;
            }

            keys[^1].Item2.Add(reader.GetString(1));
        }

        return keys;
    }

    public static async Task<List<string>> ReadNamesAsync(MySqlConnection connection, string sql, string table, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        command.Parameters.AddWithValue("@table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The table's foreign keys to tables of the same database; never deferrable (MariaDB and MySQL check each row at once).</summary>
    public static async Task<List<TargetForeignKey>> ReadForeignKeysAsync(MySqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var rows = new List<(string Name, string Column, string Parent, string ParentColumn)>();
        await using (var command = new MySqlCommand(ForeignKeysSql, connection))
        {
            command.Parameters.AddWithValue("@table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        return rows.GroupBy(r => r.Name, StringComparer.Ordinal)
            .Select(g => new TargetForeignKey(g.Key, g.Select(r => r.Column).ToList(), g.First().Parent, g.Select(r => r.ParentColumn).ToList(), Deferrable: false))
            .ToList();
    }
}
