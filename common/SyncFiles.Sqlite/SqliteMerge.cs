using System.Globalization;
using SyncFiles.Common.Providers;

namespace SyncFiles.Sqlite;

/// <summary>
/// The SQL that stages one bundle table in a temporary table and upserts it into its target:
/// new keys are inserted, existing keys updated only where some value differs (IS NOT compares
/// NULLs as values), so unchanged rows are never rewritten.
/// </summary>
internal sealed class SqliteMerge
{
    public const string SiteParameter = "$site";

    public SqliteMerge(MergePlan plan, string? staging = null, IReadOnlyDictionary<string, string>? keyCollations = null)
    {
        var target = SqliteIdentifier.Quote(plan.Table);
        var stagingName = staging ?? "syncfiles_stage_" + plan.Table;
        var stagingTable = "temp." + SqliteIdentifier.Quote(stagingName);
        var columns = plan.Columns.Select(c => c.Name).ToList();
        if (plan.SiteColumn is not null)
        {
            columns.Add(plan.SiteColumn);
        }

        var columnList = SqliteIdentifier.QuoteList(columns);
        var values = Enumerable.Range(0, plan.Columns.Count).Select(ParameterName).ToList();
        if (plan.SiteColumn is not null)
        {
            values.Add(SiteParameter);
        }

        var key = plan.Key.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var nonKey = columns.Where(c => !key.Contains(c)).ToList();

        DropStaging = $"DROP TABLE IF EXISTS {stagingTable}";

        // The mirror delete and the tombstone delete look each target row up in the staging table:
        // without an index that is a scan of the staging table per target row (quadratic). The index
        // takes the collation of the target's key so that it serves the comparison below, which
        // compares with the target column's collation (a BINARY index would not be used for NOCASE).
        IndexStaging = $"CREATE INDEX temp.{SqliteIdentifier.Quote(stagingName + "_key")} ON {SqliteIdentifier.Quote(stagingName)} (" +
            string.Join(", ", plan.Key.Select(k => SqliteIdentifier.Quote(k) + " COLLATE " + SqliteIdentifier.Quote(keyCollations?.GetValueOrDefault(k) ?? "BINARY"))) + ")";

        // Shaped from the target itself so that values take the target's column affinities.
        CreateStaging = $"CREATE TEMP TABLE {stagingTable} AS SELECT {columnList} FROM main.{target} WHERE 0";
        InsertStaging = $"INSERT INTO {stagingTable} ({columnList}) VALUES ({string.Join(", ", values)})";
        CountExisting = $"SELECT COUNT(*) FROM {stagingTable} AS s WHERE EXISTS (SELECT 1 FROM main.{target} AS t WHERE " +
            string.Join(" AND ", plan.Key.Select(k => $"t.{SqliteIdentifier.Quote(k)} = s.{SqliteIdentifier.Quote(k)}")) + ")";

        var conflict = $"ON CONFLICT ({SqliteIdentifier.QuoteList(plan.Key)}) ";
        var action = nonKey.Count == 0
            ? "DO NOTHING"
            : "DO UPDATE SET " + string.Join(", ", nonKey.Select(c => $"{SqliteIdentifier.Quote(c)} = excluded.{SqliteIdentifier.Quote(c)}")) +
              " WHERE " + string.Join(" OR ", nonKey.Select(c => $"{target}.{SqliteIdentifier.Quote(c)} IS NOT excluded.{SqliteIdentifier.Quote(c)}"));

        // The target's column on the left: SQLite compares with the left column's collation, and the
        // staging table (CREATE TABLE ... AS SELECT) loses the target's COLLATE. So a NOCASE key or
        // site column matches here as it does in the upsert's ON CONFLICT and in the site filter.
        var keyMatch = string.Join(" AND ", plan.Key.Select(k => $"main.{target}.{SqliteIdentifier.Quote(k)} = s.{SqliteIdentifier.Quote(k)}"));
        var siteFilter = plan.SiteColumn is null ? string.Empty : $"main.{target}.{SqliteIdentifier.Quote(plan.SiteColumn)} = {SiteParameter} AND ";
        MirrorDelete = $"DELETE FROM main.{target} WHERE {siteFilter}NOT EXISTS (SELECT 1 FROM {stagingTable} AS s WHERE {keyMatch})";
        DeleteStaged = $"DELETE FROM main.{target} WHERE {siteFilter}EXISTS (SELECT 1 FROM {stagingTable} AS s WHERE {keyMatch})";

        // A site's first load (SqliteTargetTransaction.LoadDirectlyAsync): the same values, straight into the target.
        InsertTarget = $"INSERT INTO main.{target} ({columnList}) VALUES ({string.Join(", ", values)})";
        SiteHasRows = plan.SiteColumn is null ? null : $"SELECT EXISTS (SELECT 1 FROM main.{target} WHERE {SqliteIdentifier.Quote(plan.SiteColumn)} = {SiteParameter})";

        // "WHERE true" resolves SQLite's parsing ambiguity between a join's ON and the upsert clause.
        Upsert = $"INSERT INTO main.{target} ({columnList}) SELECT {columnList} FROM {stagingTable} WHERE true {conflict}{action}";
    }

    public string DropStaging { get; }

    public string CreateStaging { get; }

    public string InsertStaging { get; }

    /// <summary>Indexes the staged keys, after loading, with the target key's collations.</summary>
    public string IndexStaging { get; }

    public string CountExisting { get; }

    /// <summary>One row straight into the target, with the same parameters as <see cref="InsertStaging"/>.</summary>
    public string InsertTarget { get; }

    /// <summary>Whether the target holds a row of the site (<see cref="SiteParameter"/>); null without a site column.</summary>
    public string? SiteHasRows { get; }

    public string Upsert { get; }

    /// <summary>Deletes the site's target rows whose keys are not staged (a mirrored reference table).</summary>
    public string MirrorDelete { get; }

    /// <summary>Deletes the site's target rows whose keys are staged (tombstones).</summary>
    public string DeleteStaged { get; }

    public static string ParameterName(int index) => "$p" + index.ToString(CultureInfo.InvariantCulture);
}
