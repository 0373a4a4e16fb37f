namespace SyncFiles.SqlServer;

/// <summary>
/// The ledger table in SQL Server (dbo.syncfiles_ledger: one row per applied bundle, keyed by site
/// and sequence) and the application lock that serialises the importers of one site.
/// </summary>
internal static class SqlServerLedgerSql
{
    public const string Create = """
        IF OBJECT_ID(N'dbo.syncfiles_ledger', N'U') IS NULL
            CREATE TABLE [dbo].[syncfiles_ledger] (
                [site_id]     nvarchar(32)      NOT NULL,
                [sequence]    bigint            NOT NULL,
                [bundle_id]   uniqueidentifier  NOT NULL,
                [sha256]      char(64)          NOT NULL,
                [mode]        varchar(16)       NOT NULL,
                [applied_utc] datetimeoffset(7) NOT NULL,
                [rows_total]  bigint            NOT NULL,
                [row_counts]  nvarchar(max)     NOT NULL,
                CONSTRAINT [pk_syncfiles_ledger] PRIMARY KEY ([site_id], [sequence])
            )
        """;

    /// <summary>
    /// Per site and reference table, the SHA-256 of the CSV last applied (the importer skips an
    /// identical one in an incremental bundle). A table of its own: existing ledgers stay as they are.
    /// </summary>
    public const string CreateTableState = """
        IF OBJECT_ID(N'dbo.syncfiles_table_state', N'U') IS NULL
            CREATE TABLE [dbo].[syncfiles_table_state] (
                [site_id]     nvarchar(32)      NOT NULL,
                [table_name]  nvarchar(128)     NOT NULL,
                [sha256]      char(64)          NOT NULL,
                [sequence]    bigint            NOT NULL,
                [applied_utc] datetimeoffset(7) NOT NULL,
                CONSTRAINT [pk_syncfiles_table_state] PRIMARY KEY ([site_id], [table_name])
            )
        """;

    public const string TableStates =
        "SELECT [table_name], [sha256], [sequence], [applied_utc] FROM [dbo].[syncfiles_table_state] WHERE [site_id] = @site";

    /// <summary>
    /// Update, else insert: the site's application lock is held, so no other importer writes this
    /// site's rows between the two statements.
    /// </summary>
    public const string UpsertTableState = """
        UPDATE [dbo].[syncfiles_table_state] SET [sha256] = @sha256, [sequence] = @sequence, [applied_utc] = @applied
        WHERE [site_id] = @site AND [table_name] = @table;
        IF @@ROWCOUNT = 0
            INSERT INTO [dbo].[syncfiles_table_state] ([site_id], [table_name], [sha256], [sequence], [applied_utc])
            VALUES (@site, @table, @sha256, @sequence, @applied);
        """;

    public const string DeleteTableState =
        "DELETE FROM [dbo].[syncfiles_table_state] WHERE [site_id] = @site AND [table_name] = @table";

    public const string LastSequences =
        "SELECT [site_id], MAX([sequence]) FROM [dbo].[syncfiles_ledger] GROUP BY [site_id]";

    public const string LastSequence =
        "SELECT COALESCE(MAX([sequence]), 0) FROM [dbo].[syncfiles_ledger] WHERE [site_id] = @site";

    public const string Find = """
        SELECT [bundle_id], [sha256], [mode], [applied_utc], [rows_total], [row_counts]
        FROM [dbo].[syncfiles_ledger] WHERE [site_id] = @site AND [sequence] = @sequence
        """;

    public const string Insert = """
        INSERT INTO [dbo].[syncfiles_ledger] ([site_id], [sequence], [bundle_id], [sha256], [mode], [applied_utc], [rows_total], [row_counts])
        VALUES (@site, @sequence, @bundle, @sha256, @mode, @applied, @rows, @counts)
        """;

    // Status: plain SELECTs that never create the ledger and take no application lock. READPAST
    // skips the ledger row an importer has inserted but not committed yet, instead of waiting for
    // its whole bundle transaction: status shows the committed ledger, never blocks.
    public const string Exists =
        "SELECT CASE WHEN OBJECT_ID(N'dbo.syncfiles_ledger', N'U') IS NULL THEN 0 ELSE 1 END";

    public const string SiteSummaries = """
        SELECT l.[site_id], l.[sequence], l.[bundle_id], l.[mode], l.[applied_utc], l.[rows_total], m.[bundles]
        FROM [dbo].[syncfiles_ledger] AS l WITH (READPAST)
        JOIN (SELECT [site_id], MAX([sequence]) AS [last], COUNT_BIG(*) AS [bundles] FROM [dbo].[syncfiles_ledger] WITH (READPAST) GROUP BY [site_id]) AS m
          ON m.[site_id] = l.[site_id] AND m.[last] = l.[sequence]
        ORDER BY l.[site_id]
        """;

    public const string RowsPerDay = """
        SELECT [site_id], CAST(SWITCHOFFSET([applied_utc], '+00:00') AS date) AS [day], SUM([rows_total]), COUNT_BIG(*)
        FROM [dbo].[syncfiles_ledger] WITH (READPAST)
        WHERE [applied_utc] >= @since
        GROUP BY [site_id], CAST(SWITCHOFFSET([applied_utc], '+00:00') AS date)
        ORDER BY [site_id], [day]
        """;

    /// <summary>The lock resource of a site: <c>syncfiles:site:&lt;site id&gt;</c>, passed as @resource.</summary>
    public static string SiteLockResource(string siteId) => "syncfiles:site:" + siteId;

    /// <summary>sp_getapplock's answer when the lock was not granted in time: with a timeout of 0, another session holds it.</summary>
    public const int SiteLockTimedOut = -1;

    /// <summary>Serializes the ledger's creation when importers start together on a new database.</summary>
    public const string LockLedgerCreation =
        "EXEC sp_getapplock @Resource = N'syncfiles:ledger', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000";

    /// <summary>
    /// Takes the site's exclusive application lock for the rest of the transaction (released by
    /// commit or rollback), waiting up to @timeout milliseconds (0: not at all). @result (output) is
    /// the return code: 0 or 1 granted; negative not granted (<see cref="SiteLockTimedOut"/>, -2
    /// cancelled, -3 deadlock victim, -999 error).
    /// </summary>
    public const string AcquireSiteLock =
        "EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @timeout";
}
