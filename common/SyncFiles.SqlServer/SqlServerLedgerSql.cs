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

    /// <summary>The lock resource of a site: <c>syncfiles:site:&lt;site id&gt;</c>, passed as @resource.</summary>
    public static string SiteLockResource(string siteId) => "syncfiles:site:" + siteId;

    /// <summary>
    /// Takes the site's exclusive application lock for the rest of the transaction (released by
    /// commit or rollback), waiting up to @timeout milliseconds. @result (output) is the return code:
    /// 0 or 1 granted; negative not granted (-1 timeout, -2 cancelled, -3 deadlock victim, -999 error).
    /// </summary>
    /// <summary>Serializes the ledger's creation when importers start together on a new database.</summary>
    public const string LockLedgerCreation =
        "EXEC sp_getapplock @Resource = N'syncfiles:ledger', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000";

    public const string AcquireSiteLock =
        "EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @timeout";
}
