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
}
