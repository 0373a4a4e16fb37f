using Npgsql;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// Reads table definitions from the catalog, for the source and the target alike. A configured
/// table name is found without regard to case (<see cref="ResolveAsync"/>): in the first schema of
/// the search path that has a table of that name, spelled as the catalog spells it (a quoted
/// "Album" and an unquoted album alike); two names there that differ only by case are ambiguous.
/// </summary>
internal static class PostgresCatalog
{
    /// <summary>
    /// One column. <paramref name="TypeName"/> is the column's own pg_type.typname (a domain's or an
    /// enum's name, <c>_int4</c> for integer[]), <paramref name="DeclaredType"/> the type as the
    /// engine writes it (format_type: <c>numeric(10,2)</c>, <c>integer[]</c>, a domain's name).
    /// <paramref name="BaseTypeName"/> is the type under any domains (a domain over a domain too),
    /// and the limits (length, precision, scale, fraction digits) are the base type's with the
    /// type modifier the column or its domain declares. <paramref name="IsPlainBaseType"/> tells a
    /// base type (pg_type.typtype 'b') from an enum, range, multirange or composite one, whose
    /// names are the user's own and may collide with a built-in name.
    /// </summary>
    public sealed record Column(
        string Name,
        string TypeName,
        string DeclaredType,
        bool Nullable,
        bool HasDefault,
        int? MaxLength,
        int? Precision,
        int? Scale,
        int? FractionDigits,
        string BaseTypeName,
        bool IsPlainBaseType,
        bool IsGenerated = false,
        bool IsIdentityAlways = false)
    {
        public bool IsDomain => !string.Equals(TypeName, BaseTypeName, StringComparison.Ordinal);
    }

    /// <summary>A table (or view) as the catalog names it: its schema, its own spelling, and its relkind ('p': partitioned).</summary>
    public sealed record Relation(string Schema, string Name, char Kind)
    {
        public bool IsPartitioned => Kind == 'p';

        /// <summary>The regclass text: schema and name, both quoted.</summary>
        public string RegClass => PostgresIdentifier.Quote(Schema) + "." + PostgresIdentifier.Quote(Name);
    }

    /// <summary>
    /// The relations whose name equals @table without regard to case, in the first schema of the
    /// search path (pg_temp aside) that has any: one row, or several when names there differ only by case.
    /// </summary>
    public const string ResolveSql = """
        WITH candidates AS (
            SELECT n.nspname, c.relname, c.relkind, s.ord
            FROM unnest(current_schemas(false)) WITH ORDINALITY AS s(name, ord)
            JOIN pg_namespace AS n ON n.nspname = s.name
            JOIN pg_class AS c ON c.relnamespace = n.oid
            WHERE lower(c.relname) = lower(@table) AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))
        SELECT nspname, relname, relkind::text FROM candidates
        WHERE ord = (SELECT MIN(ord) FROM candidates)
        ORDER BY relname
        """;

    /// <summary>
    /// The columns of a table, each with its base type: the recursive part walks a domain down to
    /// the type under it (pg_type.typbasetype), keeping the innermost type modifier a domain states
    /// (a domain over numeric(10,2) has the column's atttypmod -1 and its own typtypmod).
    /// money's precision and scale are those of its numeric cast: 19 digits in all (an int64 of the
    /// currency's smallest unit), and the digits after the point lc_monetary gives the server.
    /// </summary>
    public static readonly string ColumnsSql = ColumnsOf("to_regclass(@table)");

    /// <summary>Unique, non-partial indexes over plain columns (the primary key first), each as its column names in order.</summary>
    public static readonly string UniqueKeysSql = UniqueKeysOf("to_regclass(@table)");

    /// <summary>The first column of every unfiltered index of @table.</summary>
    public static readonly string IndexLeadingColumnsSql = IndexLeadingColumnsOf("to_regclass(@table)");

    /// <summary>
    /// A source table in one round trip, four results: <see cref="ResolveSql"/>, then the columns
    /// (<see cref="ColumnsSql"/>), the unique keys (<see cref="UniqueKeysSql"/>) and the leading
    /// column of every unfiltered index of the relation it finds first: the one read when the
    /// name is not ambiguous (when it is, the run stops on the resolution alone).
    /// </summary>
    public static readonly string DescribeSourceSql = string.Join(
        ";\n",
        ResolveSql,
        ColumnsOf(FirstCandidateSql),
        UniqueKeysOf(FirstCandidateSql),
        IndexLeadingColumnsOf(FirstCandidateSql));

    /// <summary><see cref="DescribeSourceSql"/> with its parameter named <paramref name="parameter"/> instead of @table: several tables in one command.</summary>
    public static string DescribeSourceSqlFor(string parameter) => DescribeSourceSql.Replace("@table", "@" + parameter, StringComparison.Ordinal);

    /// <summary>The first row of <see cref="ResolveSql"/>, as the relation's oid (null when there is none).</summary>
    private const string FirstCandidateSql = """
        (SELECT c.oid
         FROM unnest(current_schemas(false)) WITH ORDINALITY AS s(name, ord)
         JOIN pg_namespace AS n ON n.nspname = s.name
         JOIN pg_class AS c ON c.relnamespace = n.oid
         WHERE lower(c.relname) = lower(@table) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         ORDER BY s.ord, c.relname
         LIMIT 1)
        """;

    private static string ColumnsOf(string relation) => $$"""
        SELECT a.attname, t.typname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
               a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '',
               information_schema._pg_char_max_length(b.oid, b.typmod),
               CASE WHEN b.oid = 'money'::regtype THEN 19 ELSE information_schema._pg_numeric_precision(b.oid, b.typmod) END,
               CASE WHEN b.oid = 'money'::regtype THEN scale('0'::money::numeric) ELSE information_schema._pg_numeric_scale(b.oid, b.typmod) END,
               information_schema._pg_datetime_precision(b.oid, b.typmod),
               b.typname, b.typtype = 'b',
               a.attgenerated <> '', a.attidentity = 'a'
        FROM pg_attribute AS a
        JOIN pg_type AS t ON t.oid = a.atttypid
        CROSS JOIN LATERAL (
            WITH RECURSIVE chain (oid, typmod, depth) AS (
                SELECT a.atttypid, a.atttypmod, 0
                UNION ALL
                SELECT d.typbasetype, CASE WHEN d.typtypmod <> -1 THEN d.typtypmod ELSE chain.typmod END, chain.depth + 1
                FROM chain JOIN pg_type AS d ON d.oid = chain.oid AND d.typtype = 'd')
            SELECT c.oid, c.typmod, bt.typname, bt.typtype
            FROM chain AS c JOIN pg_type AS bt ON bt.oid = c.oid
            ORDER BY c.depth DESC LIMIT 1) AS b
        WHERE a.attrelid = {{relation}} AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    private static string UniqueKeysOf(string relation) => $"""
        SELECT i.indisprimary, array_agg(a.attname ORDER BY k.ord)
        FROM pg_index AS i
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = {relation} AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
        GROUP BY i.indexrelid, i.indisprimary
        ORDER BY i.indisprimary DESC, i.indexrelid
        """;

    /// <summary>The first column of every unfiltered index: a change column among them is read through an index.</summary>
    private static string IndexLeadingColumnsOf(string relation) => $"""
        SELECT DISTINCT a.attname
        FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = {relation} AND i.indpred IS NULL
        """;

    /// <summary>
    /// The table's foreign keys: constraint name, deferrable, the parent's name and its regclass text
    /// (quoted and qualified as the search path needs), then the columns and the parent's columns in
    /// pairs. A partitioned table's keys are read on the table itself, not its partitions.
    /// </summary>
    public const string ForeignKeysSql = """
        SELECT con.conname, con.condeferrable, parent.relname, con.confrelid::regclass::text,
               array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
               array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute AS a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
        FROM pg_constraint AS con
        JOIN pg_class AS parent ON parent.oid = con.confrelid
        WHERE con.contype = 'f' AND con.conrelid = to_regclass(@table)
        ORDER BY con.conname
        """;

    /// <summary>A foreign key and its parent as a regclass text (<see cref="ForeignKeysSql"/>).</summary>
    public sealed record ForeignKey(Common.Providers.TargetForeignKey Key, string ParentRegClass);

    public static async Task<List<ForeignKey>> ReadForeignKeysAsync(NpgsqlConnection connection, Relation table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ForeignKeysSql, connection);
        command.Parameters.AddWithValue("table", table.RegClass);
        var keys = new List<ForeignKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ForeignKey(
                new Common.Providers.TargetForeignKey(reader.GetString(0), reader.GetFieldValue<string[]>(4), reader.GetString(2), reader.GetFieldValue<string[]>(5), reader.GetBoolean(1)),
                reader.GetString(3)));
        }

        return keys;
    }
    /// <summary>The enabled user triggers on a table (not the ones the engine makes for foreign keys).</summary>
    public const string TriggersSql = """
        SELECT tgname FROM pg_trigger
        WHERE tgrelid = to_regclass(@table) AND NOT tgisinternal AND tgenabled <> 'D'
        ORDER BY tgname
        """;

    /// <summary>The tables and views of the search path's schemas (pg_temp aside), each name once.</summary>
    public const string TablesSql = """
        SELECT DISTINCT c.relname
        FROM unnest(current_schemas(false)) AS s(name)
        JOIN pg_namespace AS n ON n.nspname = s.name
        JOIN pg_class AS c ON c.relnamespace = n.oid
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        ORDER BY c.relname
        """;

    /// <summary>
    /// The relations named <paramref name="table"/> in any case (see <see cref="ResolveSql"/>): none
    /// when there is no such table, several when the catalog has names that differ only by case.
    /// </summary>
    public static async Task<List<Relation>> ResolveAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        Identifier.Validate(table, "table");
        await using var command = new NpgsqlCommand(ResolveSql, connection);
        command.Parameters.AddWithValue("table", table);
        var found = new List<Relation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new Relation(reader.GetString(0), reader.GetString(1), reader.GetString(2)[0]));
        }

        return found;
    }

    /// <summary>
    /// What <see cref="DescribeSourceSql"/> answers about a source table: the relations of that
    /// name (see <see cref="ResolveAsync"/>) and, of the first, its columns, unique keys (the
    /// primary key first) and the leading column of every unfiltered index.
    /// </summary>
    public sealed record SourceTable(List<Relation> Relations, List<Column> Columns, List<(bool Primary, string[] Columns)> Keys, HashSet<string> IndexLeadingColumns);

    /// <summary>
    /// Reads the four results of <see cref="DescribeSourceSql"/> (run with @table the configured
    /// name, <see cref="Identifier.Validate"/>d), from the reader's current result on; the reader is
    /// left on the last of them, so statements sent after it in the same round trip follow.
    /// </summary>
    public static async Task<SourceTable> ReadSourceAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var described = new SourceTable([], [], [], new HashSet<string>(StringComparer.Ordinal));
        while (await reader.ReadAsync(cancellationToken))
        {
            described.Relations.Add(new Relation(reader.GetString(0), reader.GetString(1), reader.GetString(2)[0]));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            described.Columns.Add(ReadColumn(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            described.Keys.Add((reader.GetBoolean(0), reader.GetFieldValue<string[]>(1)));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            described.IndexLeadingColumns.Add(reader.GetString(0));
        }

        return described;
    }

    public static async Task<List<Column>> ReadColumnsAsync(NpgsqlConnection connection, Relation table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ColumnsSql, connection);
        command.Parameters.AddWithValue("table", table.RegClass);
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
        reader.IsDBNull(8) ? null : reader.GetInt32(8),
        reader.GetString(9),
        reader.GetBoolean(10),
        reader.GetBoolean(11),
        reader.GetBoolean(12));

    public static async Task<List<(bool Primary, string[] Columns)>> ReadUniqueKeysAsync(NpgsqlConnection connection, Relation table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UniqueKeysSql, connection);
        command.Parameters.AddWithValue("table", table.RegClass);
        var keys = new List<(bool, string[])>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add((reader.GetBoolean(0), reader.GetFieldValue<string[]>(1)));
        }

        return keys;
    }

    public static async Task<List<string>> ReadTriggersAsync(NpgsqlConnection connection, Relation table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TriggersSql, connection);
        command.Parameters.AddWithValue("table", table.RegClass);
        return await ReadNamesAsync(command, cancellationToken);
    }

    public static async Task<List<string>> ReadTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TablesSql, connection);
        return await ReadNamesAsync(command, cancellationToken);
    }

    private static async Task<List<string>> ReadNamesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
