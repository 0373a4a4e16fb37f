using Npgsql;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// Reads table definitions from the catalog, for the source and the target alike. Tables are
/// looked up in the connection's current schema (the first of search_path); names are exact
/// (quoted identifiers are case-sensitive in PostgreSQL).
/// </summary>
internal static class PostgresCatalog
{
    public sealed record Column(string Name, string TypeName, string DeclaredType, bool Nullable, bool HasDefault, int? MaxLength, int? Precision, int? Scale, int? FractionDigits);

    public const string ColumnsSql = """
        SELECT a.attname, t.typname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
               a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '',
               information_schema._pg_char_max_length(a.atttypid, a.atttypmod),
               information_schema._pg_numeric_precision(a.atttypid, a.atttypmod),
               information_schema._pg_numeric_scale(a.atttypid, a.atttypmod),
               information_schema._pg_datetime_precision(a.atttypid, a.atttypmod)
        FROM pg_attribute AS a
        JOIN pg_type AS t ON t.oid = a.atttypid
        WHERE a.attrelid = to_regclass(@table) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    /// <summary>Unique, non-partial indexes over plain columns (the primary key first), each as its column names in order.</summary>
    public const string UniqueKeysSql = """
        SELECT i.indisprimary, array_agg(a.attname ORDER BY k.ord)
        FROM pg_index AS i
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = to_regclass(@table) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
        GROUP BY i.indexrelid, i.indisprimary
        ORDER BY i.indisprimary DESC, i.indexrelid
        """;

    public const string IndexedSql = """
        SELECT EXISTS (
            SELECT 1 FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indrelid = to_regclass(@table) AND a.attname = @column AND i.indpred IS NULL)
        """;

    /// <summary>The regclass text for a table in the current schema: the quoted name.</summary>
    public static string RegClass(string table) => PostgresIdentifier.Quote(table);

    public static async Task<List<Column>> ReadColumnsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        Identifier.Validate(table, "table");
        await using var command = new NpgsqlCommand(ColumnsSql, connection);
        command.Parameters.AddWithValue("table", RegClass(table));
        var columns = new List<Column>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(ReadColumn(reader));
        }

        return columns;
    }

    /// <summary>One row of <see cref="ColumnsSql"/>.</summary>
    public static Column ReadColumn(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetBoolean(3),
        reader.GetBoolean(4),
        reader.IsDBNull(5) ? null : reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetInt32(8));

    public static async Task<List<(bool Primary, string[] Columns)>> ReadUniqueKeysAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UniqueKeysSql, connection);
        command.Parameters.AddWithValue("table", RegClass(table));
        var keys = new List<(bool, string[])>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add((reader.GetBoolean(0), reader.GetFieldValue<string[]>(1)));
        }

        return keys;
    }

    public static async Task<bool> IsIndexedAsync(NpgsqlConnection connection, string table, string column, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(IndexedSql, connection);
        command.Parameters.AddWithValue("table", RegClass(table));
        command.Parameters.AddWithValue("column", column);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
