namespace SyncFiles.Sqlite;

/// <summary>The ledger table in SQLite: one row per applied bundle, keyed by site and sequence.</summary>
internal static class SqliteLedgerSql
{
    public const string TableName = "syncfiles_ledger";

    public const string Create = """
        CREATE TABLE IF NOT EXISTS "syncfiles_ledger" (
            "site_id"     TEXT    NOT NULL,
            "sequence"    INTEGER NOT NULL,
            "bundle_id"   TEXT    NOT NULL,
            "sha256"      TEXT    NOT NULL,
            "mode"        TEXT    NOT NULL,
            "applied_utc" TEXT    NOT NULL,
            "rows_total"  INTEGER NOT NULL,
            "row_counts"  TEXT    NOT NULL,
            PRIMARY KEY ("site_id", "sequence")
        )
        """;

    /// <summary>
    /// Per site and reference table, the SHA-256 of the CSV last applied (the importer skips an
    /// identical one in an incremental bundle). A table of its own: existing ledgers stay as they are.
    /// </summary>
    public const string CreateTableState = """
        CREATE TABLE IF NOT EXISTS "syncfiles_table_state" (
            "site_id"     TEXT    NOT NULL,
            "table_name"  TEXT    NOT NULL,
            "sha256"      TEXT    NOT NULL,
            "sequence"    INTEGER NOT NULL,
            "applied_utc" TEXT    NOT NULL,
            PRIMARY KEY ("site_id", "table_name")
        )
        """;

    public const string TableStates = """
        SELECT "table_name", "sha256", "sequence", "applied_utc" FROM "syncfiles_table_state" WHERE "site_id" = $site
        """;

    public const string UpsertTableState = """
        INSERT INTO "syncfiles_table_state" ("site_id", "table_name", "sha256", "sequence", "applied_utc")
        VALUES ($site, $table, $sha256, $sequence, $applied)
        ON CONFLICT ("site_id", "table_name") DO UPDATE SET
            "sha256" = excluded."sha256", "sequence" = excluded."sequence", "applied_utc" = excluded."applied_utc"
        """;

    public const string DeleteTableState = "DELETE FROM \"syncfiles_table_state\" WHERE \"site_id\" = $site AND \"table_name\" = $table";

    public const string LastSequences = "SELECT \"site_id\", MAX(\"sequence\") FROM \"syncfiles_ledger\" GROUP BY \"site_id\"";

    public const string LastSequence = "SELECT COALESCE(MAX(\"sequence\"), 0) FROM \"syncfiles_ledger\" WHERE \"site_id\" = $site";

    public const string Find = """
        SELECT "bundle_id", "sha256", "mode", "applied_utc", "rows_total", "row_counts"
        FROM "syncfiles_ledger" WHERE "site_id" = $site AND "sequence" = $sequence
        """;

    public const string Insert = """
        INSERT INTO "syncfiles_ledger" ("site_id", "sequence", "bundle_id", "sha256", "mode", "applied_utc", "rows_total", "row_counts")
        VALUES ($site, $sequence, $bundle, $sha256, $mode, $applied, $rows, $counts)
        """;

    // Status: read only, never creating the ledger.
    public const string Exists = "SELECT COUNT(*) FROM \"sqlite_master\" WHERE \"type\" = 'table' AND \"name\" = 'syncfiles_ledger'";

    /// <summary>Each site's highest sequence with its bundle, and its number of applied bundles.</summary>
    public const string SiteSummaries = """
        SELECT l."site_id", l."sequence", l."bundle_id", l."mode", l."applied_utc", l."rows_total", m."bundles"
        FROM "syncfiles_ledger" AS l
        JOIN (SELECT "site_id", MAX("sequence") AS "last", COUNT(*) AS "bundles" FROM "syncfiles_ledger" GROUP BY "site_id") AS m
          ON m."site_id" = l."site_id" AND m."last" = l."sequence"
        ORDER BY l."site_id"
        """;

    /// <summary>Rows applied per site and UTC day; applied_utc is ISO 8601 text with its offset, which date() turns into the UTC day.</summary>
    public const string RowsPerDay = """
        SELECT "site_id", date("applied_utc") AS "day", SUM("rows_total"), COUNT(*)
        FROM "syncfiles_ledger"
        WHERE date("applied_utc") >= $since
        GROUP BY "site_id", date("applied_utc")
        ORDER BY "site_id", "day"
        """;
}
