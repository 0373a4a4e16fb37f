namespace SyncFiles.SqlServer;

/// <summary>
/// The statements <c>syncfiles-export init</c> reads a whole schema's catalog with: set-based, one
/// round trip each, the schema as the parameter @schema (NULL: the login's default schema).
/// </summary>
internal static partial class SqlServerSql
{
    public const string SchemaParameter = "@schema";

    /// <summary>The schema listed, and the login's default schema (unqualified names resolve there, then in dbo).</summary>
    public const string CatalogSchemas = "SELECT COALESCE(@schema, SCHEMA_NAME()), SCHEMA_NAME()";

    /// <summary>The user tables of the schema: object id, name, change tracking on, rows (heap or clustered index, all partitions).</summary>
    public const string CatalogTables = """
        SELECT t.object_id, t.name,
               CAST(CASE WHEN ctt.object_id IS NULL THEN 0 ELSE 1 END AS bit),
               (SELECT SUM(p.rows) FROM sys.partitions AS p WHERE p.object_id = t.object_id AND p.index_id IN (0, 1))
        FROM sys.tables AS t
        LEFT JOIN sys.change_tracking_tables AS ctt ON ctt.object_id = t.object_id
        WHERE t.schema_id = SCHEMA_ID(COALESCE(@schema, SCHEMA_NAME())) AND t.is_ms_shipped = 0
        ORDER BY t.name
        """;

    /// <summary>The columns of every table of the schema, as <see cref="DescribeColumns"/> gives them, then the table's object id.</summary>
    public const string CatalogColumns = """
        SELECT c.name, LOWER(COALESCE(bt.name, ut.name)), CAST(c.max_length AS int), CAST(c.precision AS int), CAST(c.scale AS int),
               c.is_nullable, c.is_identity, c.is_computed, CAST(CASE WHEN c.default_object_id <> 0 THEN 1 ELSE 0 END AS bit), c.collation_name,
               c.object_id
        FROM sys.columns AS c
        JOIN sys.tables AS t ON t.object_id = c.object_id
        JOIN sys.types AS ut ON ut.user_type_id = c.user_type_id
        LEFT JOIN sys.types AS bt ON bt.user_type_id = c.system_type_id
        WHERE t.schema_id = SCHEMA_ID(COALESCE(@schema, SCHEMA_NAME())) AND t.is_ms_shipped = 0
        ORDER BY c.object_id, c.column_id
        """;

    /// <summary>
    /// The key columns of every enabled index of the schema's tables: object id, index id, primary
    /// key, unique, filtered, column, position.
    /// </summary>
    public const string CatalogIndexColumns = """
        SELECT i.object_id, i.index_id, i.is_primary_key, i.is_unique, i.has_filter, c.name, CAST(ic.key_ordinal AS int)
        FROM sys.indexes AS i
        JOIN sys.tables AS t ON t.object_id = i.object_id
        JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
        JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
        WHERE t.schema_id = SCHEMA_ID(COALESCE(@schema, SCHEMA_NAME())) AND t.is_ms_shipped = 0
              AND i.is_disabled = 0 AND i.is_hypothetical = 0 AND ic.key_ordinal > 0
        ORDER BY i.object_id, i.index_id, ic.key_ordinal
        """;

    /// <summary>
    /// The user tables named @table without regard to case (a case-sensitive collation may hold
    /// names that differ only by case), where a plain name resolves: the user's default schema
    /// first, then dbo. Rows: name, then 0 for the default schema and 1 for dbo, nearest first.
    /// </summary>
    public const string ResolveTable = """
        SELECT t.name, CAST(CASE WHEN t.schema_id = SCHEMA_ID() THEN 0 ELSE 1 END AS int) AS distance
        FROM sys.tables AS t
        WHERE t.schema_id IN (SCHEMA_ID(), SCHEMA_ID(N'dbo')) AND t.is_ms_shipped = 0
              AND LOWER(t.name) = LOWER(@table)
        ORDER BY distance, t.name
        """;

    /// <summary>
    /// The enabled foreign keys of the table @table names (resolved as <see cref="ResolveTable"/>
    /// does): constraint, referenced table, column, referenced column, one row per column pair in
    /// key order. SQL Server cannot defer a foreign key's check.
    /// </summary>
    public const string ForeignKeys = """
        SELECT fk.name, rt.name, pc.name, rc.name
        FROM sys.foreign_keys AS fk
        JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
        JOIN sys.columns AS pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
        JOIN sys.columns AS rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
        JOIN sys.tables AS rt ON rt.object_id = fk.referenced_object_id
        WHERE fk.parent_object_id = OBJECT_ID(QUOTENAME(@table)) AND fk.is_disabled = 0
        ORDER BY fk.name, fkc.constraint_column_id
        """;

    /// <summary>The enabled foreign keys of other tables (and the table itself) that refer to @table: constraint, referring table.</summary>
    public const string ReferencingForeignKeys = """
        SELECT fk.name, t.name
        FROM sys.foreign_keys AS fk
        JOIN sys.tables AS t ON t.object_id = fk.parent_object_id
        WHERE fk.referenced_object_id = OBJECT_ID(QUOTENAME(@table)) AND fk.is_disabled = 0
        ORDER BY t.name, fk.name
        """;
}
