using Npgsql;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.Postgres;

/// <summary>
/// Every statement the PostgreSQL provider sends, built from validated, quoted identifiers; values
/// are always parameters (@name) or travel by COPY.
/// </summary>
internal static class PostgresSql
{
    /// <summary>
    /// The largest value of a change column; for a date-time the largest finite one: an
    /// <c>infinity</c> bounds nothing (and cannot be read as a date-time).
    /// </summary>
    public static string Max(string table, string column, bool finite = false) =>
        $"SELECT MAX({PostgresIdentifier.Quote(column)}) FROM {PostgresIdentifier.Quote(table)}" + (finite ? $" WHERE isfinite({PostgresIdentifier.Quote(column)})" : string.Empty);

    /// <summary>The database's clock as of the transaction's start: local (timestamp) and as an instant (timestamptz).</summary>
    public const string Clock = "SELECT localtimestamp, now()";

    /// <summary>
    /// The expression that reads a column in its bundle form, on the reader path and in COPY alike:
    /// a decimal with a source type (money, a domain) as numeric (money's text carries a currency
    /// sign and lc_monetary's separators). A native-text column (<see cref="PostgresTypeMapper.IsNativeText"/>)
    /// is the column itself: COPY writes its type's output, and the reader asks for it in text
    /// format (<see cref="NpgsqlCommand.UnknownResultTypeList"/>), the same output. Not <c>c::text</c>:
    /// inet's cast to text adds the /128 its output leaves out, a char(n)'s drops the padding.
    /// </summary>
    public static string ReadExpression(ColumnSchema column)
    {
        var quoted = PostgresIdentifier.Quote(column.Name);
        return column is { SourceType: not null, Type: PortableType.Decimal } ? $"{quoted}::numeric" : quoted;
    }

    public static string SelectRows(string table, IEnumerable<ColumnSchema> columns, ChangeRange? range)
    {
        var sql = $"SELECT {string.Join(", ", columns.Select(ReadExpression))} FROM {PostgresIdentifier.Quote(table)}";
        if (range?.Column is null)
        {
            return sql;
        }

        var column = PostgresIdentifier.Quote(range.Column.Name);
        var lower = range.From is null ? string.Empty : $"{column} {(range.FromInclusive ? ">=" : ">")} @from AND ";
        return $"{sql} WHERE {lower}{column} <= @to";
    }

    /// <summary>
    /// Creates the staging table shaped from the target's columns; a column in
    /// <paramref name="asText"/> is staged as text instead (binary COPY cannot write our values into
    /// an enum, a domain, an array, json...), and the upsert casts it to the target's type.
    /// </summary>
    public static string CreateStaging(string staging, string target, IEnumerable<string> columns, IReadOnlyDictionary<string, string> asText) =>
        $"CREATE TEMP TABLE {PostgresIdentifier.Quote(staging)} AS SELECT {string.Join(", ", columns.Select(c => asText.ContainsKey(c) ? $"NULL::text AS {PostgresIdentifier.Quote(c)}" : PostgresIdentifier.Quote(c)))} FROM {PostgresIdentifier.Quote(target)} WITH NO DATA";

    public static string DropStaging(string staging) => $"DROP TABLE IF EXISTS pg_temp.{PostgresIdentifier.Quote(staging)}";

    /// <summary>Whether the target holds a row of the site (<c>@site</c>): an index probe when the site column leads an index, as in a key (site, id).</summary>
    public static string SiteHasRows(string target, string siteColumn) =>
        $"SELECT EXISTS (SELECT 1 FROM {PostgresIdentifier.Quote(target)} WHERE {PostgresIdentifier.Quote(siteColumn)} = @site)";

    /// <summary>Binary COPY straight into the target (a site's first load: <see cref="PostgresTargetTransaction.LoadDirectlyAsync"/>).</summary>
    public static string CopyIntoTarget(string target, IEnumerable<string> columns) =>
        $"COPY {PostgresIdentifier.Quote(target)} ({PostgresIdentifier.QuoteList(columns)}) FROM STDIN (FORMAT BINARY)";

    public static string CopyIntoStaging(string staging, IEnumerable<string> columns) =>
        $"COPY pg_temp.{PostgresIdentifier.Quote(staging)} ({PostgresIdentifier.QuoteList(columns)}) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// A staged column as the target's type: as it is, or, when staged as text, cast with the
    /// target's own type name. That name is format_type's output from the target's catalog (a
    /// type name quoted and qualified as needed, with its modifier: <c>mpaa_rating</c>,
    /// <c>integer[]</c>, <c>numeric(38,10)</c>), never text from a bundle. money goes through
    /// numeric, whose input does not depend on lc_monetary's separators.
    /// </summary>
    public static string StagedValue(string column, IReadOnlyDictionary<string, string> asText, string prefix = "")
    {
        var quoted = prefix + PostgresIdentifier.Quote(column);
        return asText.TryGetValue(column, out var type)
            ? type == "money" ? $"{quoted}::numeric::money" : $"{quoted}::{type}"
            : quoted;
    }

    /// <summary>
    /// INSERT ... ON CONFLICT upsert (measured faster than MERGE here) that rewrites a row only when
    /// some value differs, and returns one row: inserts and updates. Inserts are counted by xmax = 0
    /// (the row is new); a partitioned table cannot return that system column, so there the staged
    /// keys missing from the target are counted instead, in the same statement (one snapshot, so
    /// before the insert). <paramref name="identityAlways"/> (GENERATED ALWAYS AS IDENTITY columns)
    /// take the bundle's values through OVERRIDING SYSTEM VALUE and are never updated. Columns
    /// staged as text (<paramref name="asText"/>) are cast into the target's type, and compared as
    /// text: json, xml, point and others have no equality operator.
    /// </summary>
    public static string Upsert(string staging, string target, IReadOnlyList<string> columns, IReadOnlyList<string> key, IReadOnlyDictionary<string, string> asText, IReadOnlyCollection<string>? identityAlways = null, bool partitioned = false)
    {
        var keySet = key.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var fixedColumns = identityAlways?.ToHashSet(StringComparer.Ordinal) ?? [];
        var nonKey = columns.Where(c => !keySet.Contains(c) && !fixedColumns.Contains(c)).ToList();
        var columnList = PostgresIdentifier.QuoteList(columns);
        string Compared(string column, string prefix) =>
            prefix + PostgresIdentifier.Quote(column) + (asText.ContainsKey(column) ? "::text" : string.Empty);
        var stagingTable = $"pg_temp.{PostgresIdentifier.Quote(staging)}";
        var targetTable = PostgresIdentifier.Quote(target);
        var overriding = fixedColumns.Count > 0 ? " OVERRIDING SYSTEM VALUE" : string.Empty;
        var action = nonKey.Count == 0
            ? "DO NOTHING"
            : "DO UPDATE SET " + string.Join(", ", nonKey.Select(c => $"{PostgresIdentifier.Quote(c)} = EXCLUDED.{PostgresIdentifier.Quote(c)}")) +
              $" WHERE ({string.Join(", ", nonKey.Select(c => Compared(c, "t.")))}) IS DISTINCT FROM ({string.Join(", ", nonKey.Select(c => Compared(c, "EXCLUDED.")))})";
        var insert = $"""
            INSERT INTO {targetTable} AS t ({columnList}){overriding}
                SELECT {string.Join(", ", columns.Select(c => StagedValue(c, asText)))} FROM {stagingTable}
                ON CONFLICT ({PostgresIdentifier.QuoteList(key)}) {action}
            """;
        if (!partitioned)
        {
            return $"""
                WITH upserted AS (
                    {insert}
                    RETURNING (xmax = 0) AS inserted)
                SELECT COUNT(*) FILTER (WHERE inserted), COUNT(*) FILTER (WHERE NOT inserted) FROM upserted
                """;
        }

        var match = string.Join(" AND ", key.Select(k => $"t.{PostgresIdentifier.Quote(k)} = {StagedValue(k, asText, "s.")}"));
        return $"""
            WITH fresh AS (
                SELECT COUNT(*) AS n FROM {stagingTable} AS s
                WHERE NOT EXISTS (SELECT 1 FROM {targetTable} AS t WHERE {match})),
            upserted AS (
                {insert}
                RETURNING 1)
            SELECT (SELECT n FROM fresh), COUNT(*) - (SELECT n FROM fresh) FROM upserted
            """;
    }

    /// <summary>Deletes the site's rows whose key is (<paramref name="staged"/>) or is not (mirror) in the staging table.</summary>
    public static string Delete(string staging, string target, IReadOnlyList<string> key, string? siteColumn, bool staged, IReadOnlyDictionary<string, string> asText)
    {
        var match = string.Join(" AND ", key.Select(k => $"{StagedValue(k, asText, "s.")} = t.{PostgresIdentifier.Quote(k)}"));
        var site = siteColumn is null ? string.Empty : $"t.{PostgresIdentifier.Quote(siteColumn)} = @site AND ";
        return $"DELETE FROM {PostgresIdentifier.Quote(target)} AS t WHERE {site}{(staged ? string.Empty : "NOT ")}EXISTS (SELECT 1 FROM pg_temp.{PostgresIdentifier.Quote(staging)} AS s WHERE {match})";
    }

    /// <summary>
    /// A transaction-scoped advisory lock on @resource in the ledger's schema (advisory locks are
    /// per database, not per schema): two head offices in two schemas of one database never hold
    /// each other up, and an importer never leaves a site to one that applies another head office.
    /// </summary>
    public const string Lock = $"SELECT pg_advisory_xact_lock({SiteLockKey})";

    /// <summary>As <see cref="Lock"/> without waiting: true when granted, false when another session holds it.</summary>
    public const string TryLock = $"SELECT pg_try_advisory_xact_lock({SiteLockKey})";

    // One key for both: a waiting and a non-waiting importer must lock the same thing for a site.
    private const string SiteLockKey = "hashtextextended(@resource || '@' || coalesce(current_schema(), ''), 0)";

    public const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS syncfiles_ledger (
            site_id     text        NOT NULL,
            sequence    bigint      NOT NULL,
            bundle_id   uuid        NOT NULL,
            sha256      text        NOT NULL,
            mode        text        NOT NULL,
            applied_utc timestamptz NOT NULL,
            rows_total  bigint      NOT NULL,
            row_counts  jsonb       NOT NULL,
            PRIMARY KEY (site_id, sequence))
        """;

    /// <summary>
    /// Per site and reference table, the SHA-256 of the CSV last applied (the importer skips an
    /// identical one in an incremental bundle). A table of its own: existing ledgers stay as they are.
    /// </summary>
    public const string CreateTableState = """
        CREATE TABLE IF NOT EXISTS syncfiles_table_state (
            site_id     text        NOT NULL,
            table_name  text        NOT NULL,
            sha256      text        NOT NULL,
            sequence    bigint      NOT NULL,
            applied_utc timestamptz NOT NULL,
            PRIMARY KEY (site_id, table_name))
        """;

    public const string TableStates = "SELECT table_name, sha256, sequence, applied_utc FROM syncfiles_table_state WHERE site_id = @site";

    public const string UpsertTableState = """
        INSERT INTO syncfiles_table_state (site_id, table_name, sha256, sequence, applied_utc)
        VALUES (@site, @table, @sha256, @sequence, @applied)
        ON CONFLICT (site_id, table_name) DO UPDATE SET
            sha256 = EXCLUDED.sha256, sequence = EXCLUDED.sequence, applied_utc = EXCLUDED.applied_utc
        """;

    public const string DeleteTableState = "DELETE FROM syncfiles_table_state WHERE site_id = @site AND table_name = @table";

    public const string LastSequences = "SELECT site_id, MAX(sequence) FROM syncfiles_ledger GROUP BY site_id";

    public const string LastSequence = "SELECT COALESCE(MAX(sequence), 0) FROM syncfiles_ledger WHERE site_id = @site";

    public const string FindApplied = "SELECT bundle_id, sha256, mode, applied_utc, rows_total, row_counts::text FROM syncfiles_ledger WHERE site_id = @site AND sequence = @sequence";

    public const string RecordApplied = """
        INSERT INTO syncfiles_ledger (site_id, sequence, bundle_id, sha256, mode, applied_utc, rows_total, row_counts)
        VALUES (@site, @sequence, @bundle, @sha256, @mode, @applied, @rows, @counts::jsonb)
        """;

    // Status: a read-only transaction that never creates the ledger and takes no advisory lock.
    public const string ReadOnlySnapshot = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    /// <summary>Whether syncfiles_ledger exists where the importer would create it (the search_path's first schema that has it).</summary>
    public const string LedgerExists = "SELECT to_regclass('syncfiles_ledger') IS NOT NULL";

    public const string SiteSummaries = """
        SELECT l.site_id, l.sequence, l.bundle_id, l.mode, l.applied_utc, l.rows_total, m.bundles
        FROM syncfiles_ledger AS l
        JOIN (SELECT site_id, MAX(sequence) AS last, COUNT(*) AS bundles FROM syncfiles_ledger GROUP BY site_id) AS m
          ON m.site_id = l.site_id AND m.last = l.sequence
        ORDER BY l.site_id
        """;

    public const string RowsPerDay = """
        SELECT site_id, (applied_utc AT TIME ZONE 'UTC')::date AS day, SUM(rows_total)::bigint, COUNT(*)
        FROM syncfiles_ledger
        WHERE applied_utc >= @since
        GROUP BY site_id, day
        ORDER BY site_id, day
        """;

    /// <summary>
    /// Defers the named constraints of <paramref name="schema"/> to the commit, for this transaction.
    /// </summary>
    public static string DeferConstraints(string schema, IEnumerable<string> constraints) =>
        $"SET CONSTRAINTS {string.Join(", ", constraints.Select(c => PostgresIdentifier.Quote(schema) + "." + PostgresIdentifier.Quote(c)))} DEFERRED";

    /// <summary>
    /// The first row of <paramref name="rows"/> (a table or the staging, as a from-item) whose foreign
    /// key <paramref name="columns"/> (none null: MATCH SIMPLE) find no row in <paramref name="parent"/>
    /// (a regclass text), nor, for a key to its own table, in <paramref name="alsoParent"/>; each
    /// column as text. Values compare as text, since a staged column may be text: only run once a
    /// violation is known, to name it.
    /// </summary>
    public static string ForeignKeyOrphan(string rows, IReadOnlyList<string> columns, string parent, IReadOnlyList<string> referenced, string? alsoParent)
    {
        var match = string.Join(" AND ", columns.Select((c, i) => $"p.{PostgresIdentifier.Quote(referenced[i])}::text = s.{PostgresIdentifier.Quote(c)}::text"));
        var also = alsoParent is null ? string.Empty : $" AND NOT EXISTS (SELECT 1 FROM {alsoParent} AS p WHERE {match})";
        return $"SELECT {string.Join(", ", columns.Select(c => $"s.{PostgresIdentifier.Quote(c)}::text"))} FROM {rows} AS s " +
            $"WHERE {string.Join(" AND ", columns.Select(c => $"s.{PostgresIdentifier.Quote(c)} IS NOT NULL"))} " +
            $"AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {match}){also} LIMIT 1";
    }

    public const string Savepoint = "SAVEPOINT syncfiles_statement";

    public const string ReleaseSavepoint = "RELEASE SAVEPOINT syncfiles_statement";

    public const string RollbackToSavepoint = "ROLLBACK TO SAVEPOINT syncfiles_statement";
}
