namespace SyncFiles.SqlServer;

/// <summary>
/// Every statement the SQL Server provider sends, as text built from validated, bracket-quoted
/// identifiers; values are always parameters (@name) or travel by bulk copy. Pure functions, so
/// each statement can be parsed and checked without a server. This part: the catalog and the
/// source's reads; <c>SqlServerSql+Merge.cs</c> holds the target's staging and merge.
/// </summary>
internal static partial class SqlServerSql
{
    public const string TableParameter = "@table";
    public const string ColumnParameter = "@column";
    public const string FromParameter = "@from";
    public const string ToParameter = "@to";

    // A plain name resolves as in any statement: the user's default schema first, then dbo.
    private const string TableObjectId = "OBJECT_ID(QUOTENAME(@table))";

    /// <summary>1 when the database allows snapshot isolation; and the database's name, for messages.</summary>
    public const string SnapshotIsolationState =
        "SELECT CAST(snapshot_isolation_state AS int), name FROM sys.databases WHERE database_id = DB_ID()";

    /// <summary>
    /// The bounds the database itself keeps, read once when the snapshot opens, before any table is
    /// read: the last rowversion no open transaction can still commit below, and the current change
    /// tracking version (NULL when change tracking is off). Read at that moment, every change they
    /// cover is already committed and so visible to the reads that follow.
    /// </summary>
    public const string SnapshotBounds =
        "SELECT CAST(MIN_ACTIVE_ROWVERSION() AS bigint) - 1, CHANGE_TRACKING_CURRENT_VERSION()";

    /// <summary>The server's clock: local (for datetime change columns) and UTC (for datetimeoffset ones).</summary>
    public const string Clock = "SELECT SYSDATETIME(), SYSUTCDATETIME()";

    /// <summary>The oldest version change tracking can still answer for the table; NULL when the table is not tracked.</summary>
    public const string ChangeTrackingMinValidVersion =
        $"SELECT CHANGE_TRACKING_MIN_VALID_VERSION({TableObjectId})";

    /// <summary>
    /// Columns of a table (or, with <paramref name="includeViews"/>, a view) in order: name, base
    /// type, max_length, precision, scale, nullable, identity, computed, default, collation.
    /// </summary>
    public static string DescribeColumns(bool includeViews) => $"""
        SELECT c.name, LOWER(COALESCE(bt.name, ut.name)), CAST(c.max_length AS int), CAST(c.precision AS int), CAST(c.scale AS int),
               c.is_nullable, c.is_identity, c.is_computed, CAST(CASE WHEN c.default_object_id <> 0 THEN 1 ELSE 0 END AS bit), c.collation_name
        FROM sys.columns AS c
        JOIN sys.objects AS o ON o.object_id = c.object_id
        JOIN sys.types AS ut ON ut.user_type_id = c.user_type_id
        LEFT JOIN sys.types AS bt ON bt.user_type_id = c.system_type_id
        WHERE c.object_id = {TableObjectId} AND o.type IN ({(includeViews ? "'U', 'V'" : "'U'")})
        ORDER BY c.column_id
        """;

    /// <summary>The primary key's columns, in key order.</summary>
    public const string PrimaryKey = $"""
        SELECT c.name
        FROM sys.indexes AS i
        JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
        JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE i.object_id = {TableObjectId} AND i.is_primary_key = 1 AND ic.key_ordinal > 0
        ORDER BY ic.key_ordinal
        """;

    /// <summary>The key columns of the primary key and of every enabled, unfiltered unique index or constraint: index id, column.</summary>
    public const string UniqueKeys = $"""
        SELECT i.index_id, c.name
        FROM sys.indexes AS i
        JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
        JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE i.object_id = {TableObjectId} AND i.is_unique = 1 AND i.has_filter = 0 AND i.is_disabled = 0 AND i.is_hypothetical = 0
              AND ic.key_ordinal > 0
        ORDER BY i.is_primary_key DESC, i.index_id, ic.key_ordinal
        """;

    /// <summary>The enabled DML triggers on a table, by name.</summary>
    public const string Triggers = $"""
        SELECT tr.name FROM sys.triggers AS tr
        WHERE tr.parent_id = {TableObjectId} AND tr.is_disabled = 0 AND tr.is_ms_shipped = 0
        ORDER BY tr.name
        """;

    /// <summary>The user tables a plain name reaches (the user's default schema and dbo), each name once.</summary>
    public const string TableNames = """
        SELECT DISTINCT t.name
        FROM sys.tables AS t
        WHERE t.schema_id IN (SCHEMA_ID(), SCHEMA_ID(N'dbo')) AND t.is_ms_shipped = 0
        ORDER BY t.name
        """;

    /// <summary>1 when some index has the column as its first key column.</summary>
    public const string IsIndexed = $"""
        SELECT CAST(CASE WHEN EXISTS (
            SELECT 1
            FROM sys.indexes AS i
            JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
            JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
            WHERE i.object_id = {TableObjectId} AND ic.key_ordinal = 1 AND c.name = @column
                  AND i.is_disabled = 0 AND i.is_hypothetical = 0)
        THEN 1 ELSE 0 END AS bit)
        """;

    /// <summary>The largest value of a change column (timestamp and sequence strategies).</summary>
    public static string Max(string table, string column) =>
        $"SELECT MAX({SqlServerIdentifier.Quote(column)}) FROM {SqlServerIdentifier.Quote(table)}";

    /// <summary>Every row, all columns in order.</summary>
    public static string SelectRows(string table, IReadOnlyList<SqlServerCatalogColumn> columns) =>
        $"SELECT {SelectList(columns, null, table)} FROM {SqlServerIdentifier.Quote(table)}";

    /// <summary>Rows whose change column lies in ([@from], @to]: timestamp and sequence strategies.</summary>
    public static string SelectRowsInRange(string table, IReadOnlyList<SqlServerCatalogColumn> columns, string column, bool hasFrom, bool fromInclusive)
    {
        var quoted = SqlServerIdentifier.Quote(column);
        var lower = hasFrom ? $"{quoted} {(fromInclusive ? ">=" : ">")} {FromParameter} AND " : string.Empty;
        return $"{SelectRows(table, columns)} WHERE {lower}{quoted} <= {ToParameter}";
    }

    /// <summary>
    /// Rows whose rowversion lies in ([@from], @to]. The bounds are bigint parameters converted to
    /// binary(8) (big-endian, as rowversion compares), so the column is compared as itself and an
    /// index on it stays usable.
    /// </summary>
    public static string SelectRowsInRowversionRange(string table, IReadOnlyList<SqlServerCatalogColumn> columns, string column, bool hasFrom, bool fromInclusive)
    {
        var quoted = SqlServerIdentifier.Quote(column);
        var lower = hasFrom ? $"{quoted} {(fromInclusive ? ">=" : ">")} CAST({FromParameter} AS binary(8)) AND " : string.Empty;
        return $"{SelectRows(table, columns)} WHERE {lower}{quoted} <= CAST({ToParameter} AS binary(8))";
    }

    /// <summary>
    /// Rows inserted or updated after change-tracking version @from up to @to, read from the table
    /// itself (current values) joined on the primary key to the changes change tracking recorded.
    /// </summary>
    public static string SelectChangedRows(string table, IReadOnlyList<SqlServerCatalogColumn> columns, IReadOnlyList<string> primaryKey)
    {
        var quoted = SqlServerIdentifier.Quote(table);
        return $"SELECT {SelectList(columns, "t", table)} FROM CHANGETABLE(CHANGES {quoted}, {FromParameter}) AS ct " +
            $"JOIN {quoted} AS t ON {KeyMatch(primaryKey, "t", "ct")} " +
            $"WHERE ct.SYS_CHANGE_VERSION <= {ToParameter} AND ct.SYS_CHANGE_OPERATION IN (N'I', N'U')";
    }

    /// <summary>The primary keys (in the order given) of rows deleted after version @from up to @to.</summary>
    public static string SelectDeletedKeys(string table, IReadOnlyList<SqlServerCatalogColumn> keyColumns) =>
        $"SELECT {SelectList(keyColumns, "ct", table)} FROM CHANGETABLE(CHANGES {SqlServerIdentifier.Quote(table)}, {FromParameter}) AS ct " +
        $"WHERE ct.SYS_CHANGE_OPERATION = N'D' AND ct.SYS_CHANGE_VERSION <= {ToParameter}";

    /// <summary>
    /// The select list, each column read as the type its portable type's getter expects: tinyint as
    /// smallint (SqlDataReader.GetInt16 refuses a byte), rowversion as bigint; and the types that
    /// travel as SQL Server's own text (<see cref="SqlServerTypeMapper.Map"/>) as that text, which
    /// the target's input conversion reads back unchanged (<see cref="SqlServerTypeMapper.StagedValue"/>):
    /// xml serialised by CONVERT, hierarchyid as its path (/1/3/), geography and geometry as
    /// <c>SRID=n;</c> (PostGIS's EWKT form) and ToString()'s WKT, which unlike STAsText keeps Z and M.
    /// A method or property of a CLR type is called on a column qualified by <paramref name="alias"/>
    /// or else by the table's name: a bare <c>[place].STSrid</c> would read as column STSrid of a
    /// table named place when the table and the column share that name.
    /// </summary>
    private static string SelectList(IReadOnlyList<SqlServerCatalogColumn> columns, string? alias, string table) =>
        string.Join(", ", columns.Select(c =>
        {
            var value = SqlServerIdentifier.Qualify(alias, c.Name);
            var instance = SqlServerIdentifier.Qualify(alias ?? SqlServerIdentifier.Quote(table), c.Name);
            var name = SqlServerIdentifier.Quote(c.Name);
            return c.TypeName switch
            {
                "tinyint" => $"CAST({value} AS smallint) AS {name}",
                "timestamp" or "rowversion" => $"CAST({value} AS bigint) AS {name}",
                "xml" => $"CONVERT(nvarchar(max), {value}) AS {name}",
                "hierarchyid" => $"{instance}.ToString() AS {name}",
                "geography" or "geometry" => $"N'SRID=' + CAST({instance}.STSrid AS nvarchar(11)) + N';' + {instance}.ToString() AS {name}",
                _ => value,
            };
        }));

    /// <summary><c>a.[k1] = b.[k1] AND a.[k2] = b.[k2]</c>.</summary>
    private static string KeyMatch(IEnumerable<string> key, string left, string right) =>
        string.Join(" AND ", key.Select(k => $"{SqlServerIdentifier.Qualify(left, k)} = {SqlServerIdentifier.Qualify(right, k)}"));
}
