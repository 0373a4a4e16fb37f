using System.Data.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Importer.Config;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Matches one bundle table to its target table before any row is read: the table must be one the
/// server configuration names and the target holds, every bundle column must exist there, and the
/// merge key (plus the site column) must be unique in the target. Names are matched without case
/// and the plan spells them as the target does; two target names that differ only by case are
/// refused rather than guessed between. server.json may map the table onto a central table of
/// another name ("into") and columns onto central columns of other names ("columns"); "key" is in
/// bundle names, "siteColumn" a central name, and every message names both sides when they differ. Bundle columns the target computes itself (generated
/// columns) are left out of the plan. Every refusal names table and column and says what to change.
/// </summary>
public static class MergePlanner
{
    /// <param name="addColumn">The ALTER TABLE that adds a bundle column the target lacks, for the refusal's message; null: not known.</param>
    public static MergePlan Plan(ManifestTable table, string siteId, ServerTableConfig? tableConfig, TargetTable? target, Func<string, string?>? addColumn = null)
    {
        if (tableConfig is null)
        {
            throw new BundleRejectedException(
                $"Table {table.Name} is not in the server configuration's tables; the importer writes only to tables it names. Add it to \"tables\" in server.json, then move the bundle back to the inbox.");
        }

        var named = MappedNames.Table(table.Name, tableConfig);
        if (target is null)
        {
            throw new BundleRejectedException(
                tableConfig.Into is null
                    ? $"{named} does not exist in the target database. Create it, then move the bundle back to the inbox."
                    : $"{named}: the central table {tableConfig.CentralTable} (\"into\" in server.json) does not exist in the target database. Create it or correct \"into\", then move the bundle back to the inbox.");
        }

        if (target.CaseTwins is { Count: > 0 } twins)
        {
            throw new BundleRejectedException(
                $"{named}: the target has tables {string.Join(" and ", twins.Prepend(target.Name).Order(StringComparer.Ordinal))}, whose names differ only by case; SyncFiles matches names without case and cannot choose. Rename one of them, then move the bundle back to the inbox.");
        }

        var unknown = (tableConfig.Columns?.Keys ?? []).Where(c => !table.Columns.Any(b => string.Equals(b.Name, c, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new BundleRejectedException(
                $"{named}: \"columns\" in server.json maps {string.Join(", ", unknown)}, which the bundle does not have (it has {string.Join(", ", table.Columns.Select(c => c.Name))}). Correct the mapping, then move the bundle back to the inbox.");
        }

        var siteColumn = tableConfig.SiteColumn;
        if (siteColumn is null && table.Deleted is not null)
        {
            // A table without a site column is shared by every site: a site's tombstones would
            // delete rows another site wrote. Refused before any row is read (docs/security.md).
            throw new BundleRejectedException(
                $"{named} is shared by every site (no siteColumn in server.json), and the bundle carries deleted rows ({BundleEntries.DeletedFile(table.Name)}), which could delete another site's rows. Give the table a siteColumn in server.json, or stop recording deletions for it at the site, then move the bundle back to the inbox.");
        }

        if (siteColumn is null && table.Deletes == DeleteMode.Mirror)
        {
            throw new BundleRejectedException(
                $"{named} is mirrored (\"deletes\": \"mirror\" at the site), which deletes the site's rows missing from the snapshot, but it is shared by every site (no siteColumn in server.json); give it a siteColumn in server.json so other sites' rows are never touched.");
        }

        if (siteColumn is not null)
        {
            // The site column is a central name: it is no bundle column's.
            var site = Resolve(named, target, siteColumn)
                ?? throw new BundleRejectedException($"{named}: the site column {siteColumn} does not exist in the target table.");
            if (table.Columns.FirstOrDefault(c => string.Equals(tableConfig.CentralColumn(c.Name), siteColumn, StringComparison.OrdinalIgnoreCase)) is { } own)
            {
                throw new BundleRejectedException($"{named}: the bundle has its own {MappedNames.Column(own.Name, siteColumn)}, which is also the configured site column; rename one of them.");
            }

            if (site.IsGenerated)
            {
                throw new BundleRejectedException($"{named}: the site column {site.Name} is a generated column, which the importer cannot write; choose another siteColumn in server.json.");
            }

            siteColumn = site.Name;
        }

        var columns = new List<ColumnSchema>();
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in table.Columns)
        {
            var central = tableConfig.CentralColumn(column.Name);
            var targetColumn = Resolve(named, target, central)
                ?? throw new BundleRejectedException(
                    $"{named}, {MappedNames.Column(column.Name, central)}: the target table has no such column. Add it to the target table" +
                    (addColumn?.Invoke(column.Name) is { } statement ? $" ({statement};)" : string.Empty) +
                    (string.Equals(column.Name, central, StringComparison.Ordinal) ? string.Empty : ", or correct \"columns\" in server.json,") +
                    $" or let the importer add it (\"schemaChanges\": \"addColumns\" in server.json), then move the bundle back to the inbox.");
            if (written.TryGetValue(targetColumn.Name, out var other))
            {
                throw new BundleRejectedException(
                    $"{named}: bundle columns {other} and {column.Name} would both be written to central column {targetColumn.Name}; map one of them elsewhere in \"columns\" in server.json.");
            }

            written[targetColumn.Name] = column.Name;
            if (targetColumn.IsGenerated)
            {
                // The target computes its own value; the bundle's is left out (see LeftOut).
                continue;
            }

            if (ValueFit.TypeProblem(column, targetColumn) is { } problem)
            {
                throw new BundleRejectedException($"{named}, {MappedNames.Column(column.Name, targetColumn.Name)}: {problem}. Change the target column's type, then move the bundle back to the inbox.");
            }

            columns.Add(column.ToSchema() with { Name = targetColumn.Name });
        }

        var provided = columns.Select(c => c.Name).Append(siteColumn).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var missing = target.Columns.FirstOrDefault(c => !c.Nullable && !c.HasDefault && !c.IsGenerated && !provided.Contains(c.Name));
        if (missing is not null)
        {
            throw new BundleRejectedException(
                $"{named}, central column {missing.Name}: the target requires a value (NOT NULL, no default) that the bundle does not carry (the site does not send this column, or no longer does). Give the column a default or allow NULL in {target.Name}, then move the bundle back to the inbox.");
        }

        var key = new List<string>();
        foreach (var name in tableConfig.Key is { Count: > 0 } configured ? configured : table.Key)
        {
            if (!string.Equals(name, siteColumn, StringComparison.OrdinalIgnoreCase) && !table.Columns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                // Rows and deleted rows are matched on the key's values, which only the bundle carries.
                throw new BundleRejectedException(
                    $"{named}, column {name}: the key in server.json names a column the bundle does not carry (its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}), so its rows and deleted rows cannot be matched. " +
                    "Change \"key\" of the table in server.json to columns the site sends, in the bundle's names (or have the site send that column), then move the bundle back to the inbox.");
            }

            // The key is in bundle names, like the columns it picks from the bundle.
            var central = tableConfig.CentralColumn(name);
            var keyColumn = Resolve(named, target, central);
            if (keyColumn is { IsGenerated: true })
            {
                throw new BundleRejectedException(
                    $"{named}, {MappedNames.Column(name, keyColumn.Name)}: the merge key has a generated column, whose value the target computes and the importer cannot write; use a key of stored columns.");
            }

            key.Add(keyColumn?.Name ?? central);
        }

        if (siteColumn is not null && !key.Contains(siteColumn, StringComparer.Ordinal))
        {
            key.Insert(0, siteColumn);
        }

        if (!target.HasUniqueKey(key))
        {
            throw new BundleRejectedException(
                $"{named}: the target has no primary key or unique index on ({string.Join(", ", key)}), which the merge needs to match rows. Add one, then move the bundle back to the inbox.");
        }

        return new MergePlan(target.Name, columns, key, siteColumn, siteColumn is null ? null : siteId, table.Deletes == DeleteMode.Mirror);
    }

    /// <summary>
    /// The bundle's columns that the target computes itself (generated or computed columns): the
    /// merge leaves them out, and the target fills in its own values. Empty for most tables.
    /// </summary>
    public static IReadOnlyList<string> LeftOut(ManifestTable table, ServerTableConfig tableConfig, TargetTable target) =>
        table.Columns.Where(c => Central(tableConfig, target, c) is { IsGenerated: true }).Select(c => c.Name).ToList();

    /// <summary>The rows as the plan takes them: without the <see cref="LeftOut"/> columns.</summary>
    public static DbDataReader Written(DbDataReader rows, ManifestTable table, ServerTableConfig tableConfig, TargetTable target)
    {
        var leftOut = LeftOut(table, tableConfig, target);
        return leftOut.Count == 0
            ? rows
            : new ColumnSubsetReader(rows, Enumerable.Range(0, table.Columns.Count).Where(i => !leftOut.Contains(table.Columns[i].Name)).ToList());
    }

    /// <summary>Per bundle column, the check of each value against its target column's limits (none for a column left out).</summary>
    /// <remarks>A check's message names the target column; under "into" it also names the central table.</remarks>
    public static IReadOnlyList<Func<object, string?>?> ValueChecks(ManifestTable table, ServerTableConfig tableConfig, TargetTable target) =>
        table.Columns.Select(c => Central(tableConfig, target, c) is { IsGenerated: false } column ? Named(ValueFit.ValueCheck(column), table, tableConfig) : null).ToList();

    private static Func<object, string?>? Named(Func<object, string?>? check, ManifestTable table, ServerTableConfig tableConfig) =>
        check is null || string.Equals(table.Name, tableConfig.CentralTable, StringComparison.OrdinalIgnoreCase)
            ? check
            : value => check(value) is { } problem ? $"{problem} (bundle table {table.Name} -> central {tableConfig.CentralTable})" : null;

    private static TargetColumn? Central(ServerTableConfig tableConfig, TargetTable target, ManifestColumn column) =>
        target.Find(tableConfig.CentralColumn(column.Name));

    /// <summary>The target column named <paramref name="column"/> in any case; refused when the target has two such.</summary>
    private static TargetColumn? Resolve(string named, TargetTable target, string column)
    {
        var found = target.FindAll(column);
        if (found.Count > 1)
        {
            throw new BundleRejectedException(
                $"{named}, central column {column}: the target table {target.Name} has columns {string.Join(" and ", found.Select(c => c.Name))}, whose names differ only by case; SyncFiles matches names without case and cannot choose. Rename one of them, then move the bundle back to the inbox.");
        }

        return found.Count == 0 ? null : found[0];
    }
}
