using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.MySql;

/// <summary>
/// The SQL text of the MariaDB/MySQL provider. Names come only from <see cref="MySqlIdentifier"/>
/// (validated, backtick-quoted); values are always parameters or the staging table's rows.
/// </summary>
internal static class MySqlSql
{
    /// <summary>
    /// The session settings of the importer: strict about every value (no silent truncation, no
    /// zero date), 0 stored as 0 in an AUTO_INCREMENT column, TIMESTAMPs written and read in UTC.
    /// </summary>
    public const string TargetSession =
        "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_AUTO_VALUE_ON_ZERO', time_zone = '+00:00'";

    /// <summary>A named lock: 1 granted, 0 still held by another session after @timeout seconds.</summary>
    public const string Lock = "SELECT GET_LOCK(@resource, @timeout)";

    /// <summary>A year: an importer waiting for another one applying the same site waits as long as that one takes.</summary>
    public const int LockWaitSeconds = 31536000;

    public const string Unlock = "SELECT RELEASE_LOCK(@resource)";

    /// <summary>
    /// A bundle's transaction begun again after DDL committed the one open (MySqlTargetTransaction):
    /// READ COMMITTED like the first, which the driver begins (SET TRANSACTION names the next one only).
    /// </summary>
    public const string BeginBundle = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION";

    public static string Max(string table, string column) =>
        $"SELECT MAX({MySqlIdentifier.Quote(column)}) FROM {MySqlIdentifier.Quote(table)}";

    public static string SelectRows(string table, IEnumerable<ColumnSchema> columns, ChangeRange? range)
    {
        var sql = $"SELECT {MySqlIdentifier.QuoteList(columns.Select(c => c.Name))} FROM {MySqlIdentifier.Quote(table)}";
        if (range?.Column is null)
        {
            return sql;
        }

        var column = MySqlIdentifier.Quote(range.Column.Name);
        var lower = range.From is null ? string.Empty : $"{column} {(range.FromInclusive ? ">=" : ">")} @from AND ";
        return $"{sql} WHERE {lower}{column} <= @to";
    }

    /// <summary>A temporary table with the target's column types (and no key, default or generation), for these columns.</summary>
    public static string CreateStaging(string staging, string target, IEnumerable<string> columns) =>
        $"CREATE TEMPORARY TABLE {MySqlIdentifier.Quote(staging)} ENGINE=InnoDB AS SELECT {MySqlIdentifier.QuoteList(columns)} FROM {MySqlIdentifier.Quote(target)} LIMIT 0";

    public static string DropStaging(string staging) => $"DROP TEMPORARY TABLE IF EXISTS {MySqlIdentifier.Quote(staging)}";

    /// <summary>The staged rows no target row has under the same key.</summary>
    public static string CountNew(string staging, string target, IReadOnlyList<string> key) =>
        $"SELECT COUNT(*) FROM {MySqlIdentifier.Quote(staging)} AS s WHERE NOT EXISTS (SELECT 1 FROM {MySqlIdentifier.Quote(target)} AS t WHERE {KeyMatch(key)})";

    /// <summary>
    /// Inserts the staged rows that are new and updates those whose values differ (compared as
    /// bytes, so a change of case or of trailing spaces counts); a row already equal is not touched,
    /// so no trigger fires for it. The server counts 1 per row inserted and 2 per row updated.
    /// </summary>
    public static string Upsert(string staging, string target, IReadOnlyList<string> columns, IReadOnlyList<string> key)
    {
        var same = string.Join(" AND ", columns.Select(c => $"BINARY t.{MySqlIdentifier.Quote(c)} <=> BINARY s.{MySqlIdentifier.Quote(c)}"));
        var updated = columns.Where(c => !key.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (updated.Count == 0)
        {
            updated = [key[0]];
        }

        return $"""
            INSERT INTO {MySqlIdentifier.Quote(target)} ({MySqlIdentifier.QuoteList(columns)})
            SELECT {MySqlIdentifier.QuoteList(columns, "s.")} FROM {MySqlIdentifier.Quote(staging)} AS s
            WHERE NOT EXISTS (SELECT 1 FROM {MySqlIdentifier.Quote(target)} AS t WHERE {KeyMatch(key)} AND {same})
            ON DUPLICATE KEY UPDATE {string.Join(", ", updated.Select(c => $"{MySqlIdentifier.Quote(c)} = VALUES({MySqlIdentifier.Quote(c)})"))}
            """;
    }

    /// <summary>
    /// Deletes the site's target rows whose key is staged (<paramref name="staged"/>: tombstones), or
    /// whose key is not (a mirrored snapshot); only rows of <c>@site</c> when there is a site column.
    /// </summary>
    public static string Delete(string staging, string target, IReadOnlyList<string> keyWithoutSite, string? siteColumn, bool staged)
    {
        var site = siteColumn is null ? string.Empty : $"t.{MySqlIdentifier.Quote(siteColumn)} = @site AND ";
        return $"DELETE t FROM {MySqlIdentifier.Quote(target)} AS t WHERE {site}{(staged ? string.Empty : "NOT ")}EXISTS (SELECT 1 FROM {MySqlIdentifier.Quote(staging)} AS s WHERE {KeyMatch(keyWithoutSite)})";
    }

    /// <summary>The first staged row whose foreign key finds no parent row (none of its columns NULL).</summary>
    public static string Orphan(string rows, IReadOnlyList<string> columns, string parent, IReadOnlyList<string> parentColumns)
    {
        var notNull = string.Join(" AND ", columns.Select(c => $"s.{MySqlIdentifier.Quote(c)} IS NOT NULL"));
        var match = string.Join(" AND ", columns.Zip(parentColumns, (c, p) => $"p.{MySqlIdentifier.Quote(p)} = s.{MySqlIdentifier.Quote(c)}"));
        return $"SELECT {string.Join(", ", columns.Select(c => $"CAST(s.{MySqlIdentifier.Quote(c)} AS CHAR)"))} FROM {MySqlIdentifier.Quote(rows)} AS s WHERE {notNull} AND NOT EXISTS (SELECT 1 FROM {MySqlIdentifier.Quote(parent)} AS p WHERE {match}) LIMIT 1";
    }

    private static string KeyMatch(IReadOnlyList<string> key) =>
        string.Join(" AND ", key.Select(k => $"t.{MySqlIdentifier.Quote(k)} = s.{MySqlIdentifier.Quote(k)}"));

    public const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS syncfiles_ledger (
            site_id     VARCHAR(32)  NOT NULL,
            `sequence`  BIGINT       NOT NULL,
            bundle_id   CHAR(36)     NOT NULL,
            sha256      CHAR(64)     NOT NULL,
            mode        VARCHAR(16)  NOT NULL,
            applied_utc DATETIME(6)  NOT NULL,
            rows_total  BIGINT       NOT NULL,
            row_counts  LONGTEXT     NOT NULL,
            PRIMARY KEY (site_id, `sequence`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """;

    public const string CreateTableState = """
        CREATE TABLE IF NOT EXISTS syncfiles_table_state (
            site_id     VARCHAR(32)  NOT NULL,
            table_name  VARCHAR(128) NOT NULL,
            sha256      CHAR(64)     NOT NULL,
            `sequence`  BIGINT       NOT NULL,
            applied_utc DATETIME(6)  NOT NULL,
            PRIMARY KEY (site_id, table_name)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """;

    public const string LastSequences = "SELECT site_id, MAX(`sequence`) FROM syncfiles_ledger GROUP BY site_id";

    public const string LastSequence = "SELECT COALESCE(MAX(`sequence`), 0) FROM syncfiles_ledger WHERE site_id = @site";

    public const string FindApplied = "SELECT bundle_id, sha256, mode, applied_utc, rows_total, row_counts FROM syncfiles_ledger WHERE site_id = @site AND `sequence` = @sequence";

    public const string RecordApplied = """
        INSERT INTO syncfiles_ledger (site_id, `sequence`, bundle_id, sha256, mode, applied_utc, rows_total, row_counts)
        VALUES (@site, @sequence, @bundle, @sha256, @mode, @applied, @rows, @counts)
        """;

    public const string TableStates = "SELECT table_name, sha256, `sequence`, applied_utc FROM syncfiles_table_state WHERE site_id = @site";

    public const string UpsertTableState = """
        INSERT INTO syncfiles_table_state (site_id, table_name, sha256, `sequence`, applied_utc)
        VALUES (@site, @table, @sha256, @sequence, @applied)
        ON DUPLICATE KEY UPDATE sha256 = VALUES(sha256), `sequence` = VALUES(`sequence`), applied_utc = VALUES(applied_utc)
        """;

    public const string DeleteTableState = "DELETE FROM syncfiles_table_state WHERE site_id = @site AND table_name = @table";

    public const string LedgerExists = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'syncfiles_ledger'";

    public const string SiteSummaries = """
        SELECT l.site_id, l.`sequence`, l.bundle_id, l.mode, l.applied_utc, l.rows_total, m.bundles
        FROM syncfiles_ledger AS l
        JOIN (SELECT site_id, MAX(`sequence`) AS last, COUNT(*) AS bundles FROM syncfiles_ledger GROUP BY site_id) AS m
          ON m.site_id = l.site_id AND m.last = l.`sequence`
        ORDER BY l.site_id
        """;

    public const string RowsPerDay = """
        SELECT site_id, DATE(applied_utc) AS day, CAST(SUM(rows_total) AS SIGNED), COUNT(*)
        FROM syncfiles_ledger
        WHERE applied_utc >= @since
        GROUP BY site_id, day
        ORDER BY site_id, day
        """;
}
