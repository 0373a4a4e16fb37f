namespace SyncFiles.SqlServer;

/// <summary>The target's statements: staging tables, the MERGE, mirrored and tombstone deletes.</summary>
internal static partial class SqlServerSql
{
    /// <summary>The rows of one bundle table, staged before the merge.</summary>
    public const string StageTable = "#syncfiles_stage";

    /// <summary>The keys of one bundle table's deleted rows.</summary>
    public const string TombstoneTable = "#syncfiles_tombstones";

    public const string SiteParameter = "@site";

    public static string DropTemporary(string staging) => $"DROP TABLE IF EXISTS {Temporary(staging)}";

    /// <summary>
    /// A staging table declared column by column from the target's own catalog (<see cref="SqlServerTypeMapper.StagingType"/>):
    /// the same types and collations, every column nullable (the MERGE enforces NOT NULL against the
    /// target), no identity, default or constraint to get in the way of the bulk copy.
    /// </summary>
    public static string CreateStaging(string staging, string table, IReadOnlyList<SqlServerCatalogColumn> columns) =>
        $"CREATE TABLE {Temporary(staging)} (" +
        string.Join(", ", columns.Select(c => $"{SqlServerIdentifier.Quote(c.Name)} {SqlServerTypeMapper.StagingType(table, c)} NULL")) +
        ")";

    /// <summary>
    /// Upserts the staged rows into the target by key, in one statement, and returns one row: the
    /// number inserted and the number updated. HOLDLOCK keeps a concurrent writer from inserting a
    /// key between the match and the insert. A matched row is rewritten only when some non-key value
    /// differs (EXCEPT compares NULLs as equal values); identity columns are inserted with
    /// IDENTITY_INSERT but never updated. <paramref name="columns"/> are the staged columns (the
    /// target's catalog entries), <paramref name="key"/> the merge key.
    /// </summary>
    public static string Merge(string staging, string table, IReadOnlyList<SqlServerCatalogColumn> columns, IReadOnlyList<string> key)
    {
        var target = SqlServerIdentifier.Quote(table);
        var keyColumns = Resolve(columns, key);
        var keySet = keyColumns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var updatable = columns.Where(c => !keySet.Contains(c.Name) && !c.IsIdentity).ToList();
        var names = columns.Select(c => c.Name).ToList();

        var merge = $"""
            MERGE {target} WITH (HOLDLOCK) AS t
            USING {Temporary(staging)} AS s
            ON {StagedKeyMatch(keyColumns)}

            """;
        if (updatable.Count > 0)
        {
            merge += $"""
                WHEN MATCHED AND EXISTS (SELECT {string.Join(", ", updatable.Select(c => SqlServerTypeMapper.ComparedExpression(c, SqlServerTypeMapper.StagedValue(c, "s"))))}
                                         EXCEPT SELECT {string.Join(", ", updatable.Select(c => SqlServerTypeMapper.ComparedExpression(c, SqlServerIdentifier.Qualify("t", c.Name))))}) THEN
                    UPDATE SET {string.Join(", ", updatable.Select(c => $"{SqlServerIdentifier.Quote(c.Name)} = {SqlServerTypeMapper.StagedValue(c, "s")}"))}

                """;
        }

        merge += $"""
            WHEN NOT MATCHED BY TARGET THEN
                INSERT ({SqlServerIdentifier.QuoteList(names)}) VALUES ({string.Join(", ", columns.Select(c => SqlServerTypeMapper.StagedValue(c, "s")))})
            OUTPUT $action INTO @actions ([action]);
            """;

        if (columns.Any(c => c.IsIdentity))
        {
            // IDENTITY_INSERT belongs to the session, not the transaction: switch it off on failure too,
            // or the connection's next table could not use it. THROW re-raises the original error number.
            merge = $"""
                {IdentityInsert(table, on: true)};
                BEGIN TRY
                {merge}
                END TRY
                BEGIN CATCH
                    {IdentityInsert(table, on: false)};
                    THROW;
                END CATCH;
                {IdentityInsert(table, on: false)};
                """;
        }

        return $"""
            DECLARE @actions TABLE ([action] nvarchar(10) NOT NULL);
            {merge}
            SELECT COUNT_BIG(CASE WHEN [action] = N'INSERT' THEN 1 END), COUNT_BIG(CASE WHEN [action] = N'UPDATE' THEN 1 END) FROM @actions;
            """;
    }

    /// <summary>
    /// 1 when the target holds a row of the site (<see cref="SiteParameter"/>), else 0: a seek when
    /// the site column leads an index, as in a key (site, id).
    /// </summary>
    public static string SiteHasRows(string table, string siteColumn) =>
        $"SELECT CASE WHEN EXISTS (SELECT 1 FROM {SqlServerIdentifier.Quote(table)} WHERE {SqlServerIdentifier.Quote(siteColumn)} = {SiteParameter}) THEN 1 ELSE 0 END";

    public static string IdentityInsert(string table, bool on) =>
        $"SET IDENTITY_INSERT {SqlServerIdentifier.Quote(table)} {(on ? "ON" : "OFF")}";

    /// <summary>
    /// Deletes the target rows whose key is not staged (a mirrored reference table): only the site's
    /// rows (@site) when the table has a site column, every row otherwise. <paramref name="key"/>:
    /// the key columns' catalog entries, so a key staged as text (hierarchyid) is converted back.
    /// </summary>
    public static string MirrorDelete(string staging, string table, IReadOnlyList<SqlServerCatalogColumn> key, string? siteColumn)
    {
        var site = siteColumn is null ? string.Empty : $"{SqlServerIdentifier.Qualify("t", siteColumn)} = {SiteParameter} AND ";
        return $"DELETE t FROM {SqlServerIdentifier.Quote(table)} AS t WHERE {site}NOT EXISTS (SELECT 1 FROM {Temporary(staging)} AS s WHERE {StagedKeyMatch(key, stagedFirst: true)})";
    }

    /// <summary>Deletes the target rows whose key (site column included) is staged: tombstones.</summary>
    public static string DeleteStaged(string staging, string table, IReadOnlyList<SqlServerCatalogColumn> key) =>
        $"DELETE t FROM {SqlServerIdentifier.Quote(table)} AS t WHERE EXISTS (SELECT 1 FROM {Temporary(staging)} AS s WHERE {StagedKeyMatch(key, stagedFirst: true)})";

    /// <summary><c>t.[k1] = s.[k1] AND ...</c>, each staged key value as the target column's type (<see cref="SqlServerTypeMapper.StagedValue"/>).</summary>
    private static string StagedKeyMatch(IEnumerable<SqlServerCatalogColumn> key, bool stagedFirst = false) =>
        string.Join(" AND ", key.Select(k =>
        {
            var target = SqlServerIdentifier.Qualify("t", k.Name);
            var staged = SqlServerTypeMapper.StagedValue(k, "s");
            return stagedFirst ? $"{staged} = {target}" : $"{target} = {staged}";
        }));

    /// <summary>
    /// The first staged row whose foreign key <paramref name="columns"/> (none NULL: MATCH SIMPLE)
    /// find no row of <paramref name="parent"/>, nor, for a key to the table itself
    /// (<paramref name="selfReference"/>), among the staged rows; each value as text. Only run once
    /// the server has refused the merge, to name the row.
    /// </summary>
    public static string ForeignKeyOrphan(string staging, IReadOnlyList<string> columns, string parent, IReadOnlyList<string> referenced, bool selfReference)
    {
        var match = string.Join(" AND ", columns.Select((c, i) => $"{SqlServerIdentifier.Qualify("p", referenced[i])} = {SqlServerIdentifier.Qualify("s", c)}"));
        var also = selfReference ? $" AND NOT EXISTS (SELECT 1 FROM {Temporary(staging)} AS p WHERE {match})" : string.Empty;
        return $"SELECT TOP (1) {string.Join(", ", columns.Select(c => $"CONVERT(nvarchar(4000), {SqlServerIdentifier.Qualify("s", c)})"))} FROM {Temporary(staging)} AS s " +
            $"WHERE {string.Join(" AND ", columns.Select(c => $"{SqlServerIdentifier.Qualify("s", c)} IS NOT NULL"))} " +
            $"AND NOT EXISTS (SELECT 1 FROM {SqlServerIdentifier.Quote(parent)} AS p WHERE {match}){also}";
    }

    /// <summary>The catalog entries of the key columns, matched by name as SQL Server would (case-insensitively here).</summary>
    private static List<SqlServerCatalogColumn> Resolve(IReadOnlyList<SqlServerCatalogColumn> columns, IReadOnlyList<string> key) =>
        key.Select(k => columns.FirstOrDefault(c => string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Key column {k} is not among the staged columns.", nameof(key))).ToList();

    /// <summary>Only the two staging tables this provider creates: their names are constants, never configuration.</summary>
    private static string Temporary(string staging) => staging is StageTable or TombstoneTable
        ? staging
        : throw new ArgumentException($"Unknown staging table {staging}.", nameof(staging));
}
