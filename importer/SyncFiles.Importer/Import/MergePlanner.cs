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
/// refused rather than guessed between. Bundle columns the target computes itself (generated
/// columns) are left out of the plan. Every refusal names table and column and says what to change.
/// </summary>
public static class MergePlanner
{
    public static MergePlan Plan(ManifestTable table, string siteId, ServerTableConfig? tableConfig, TargetTable? target)
    {
        if (tableConfig is null)
        {
            throw new BundleRejectedException(
                $"Table {table.Name} is not in the server configuration's tables; the importer writes only to tables it names. Add it to \"tables\" in server.json, then move the bundle back to the inbox.");
        }

        if (target is null)
        {
            throw new BundleRejectedException($"Table {table.Name} does not exist in the target database. Create it, then move the bundle back to the inbox.");
        }

        if (target.CaseTwins is { Count: > 0 } twins)
        {
            throw new BundleRejectedException(
                $"Table {table.Name}: the target has tables {string.Join(" and ", twins.Prepend(target.Name).Order(StringComparer.Ordinal))}, whose names differ only by case; SyncFiles matches names without case and cannot choose. Rename one of them, then move the bundle back to the inbox.");
        }

        var siteColumn = tableConfig.SiteColumn;
        if (siteColumn is null && table.Deleted is not null)
        {
            // A table without a site column is shared by every site: a site's tombstones would
            // delete rows another site wrote. Refused before any row is read (docs/security.md).
            throw new BundleRejectedException(
                $"Table {table.Name} is shared by every site (no siteColumn in server.json), and the bundle carries deleted rows ({BundleEntries.DeletedFile(table.Name)}), which could delete another site's rows. Give the table a siteColumn in server.json, or stop recording deletions for it at the site, then move the bundle back to the inbox.");
        }

        if (siteColumn is null && table.Deletes == DeleteMode.Mirror)
        {
            throw new BundleRejectedException(
                $"Table {table.Name} is mirrored (\"deletes\": \"mirror\" at the site), which deletes the site's rows missing from the snapshot, but it is shared by every site (no siteColumn in server.json); give it a siteColumn in server.json so other sites' rows are never touched.");
        }

        if (siteColumn is not null)
        {
            var site = Resolve(table, target, siteColumn)
                ?? throw new BundleRejectedException($"Table {table.Name}: the site column {siteColumn} does not exist in the target table.");
            if (table.Columns.Any(c => string.Equals(c.Name, siteColumn, StringComparison.OrdinalIgnoreCase)))
            {
                throw new BundleRejectedException($"Table {table.Name}: the bundle has its own column {siteColumn}, which is also the configured site column; rename one of them.");
            }

            if (site.IsGenerated)
            {
                throw new BundleRejectedException($"Table {table.Name}: the site column {site.Name} is a generated column, which the importer cannot write; choose another siteColumn in server.json.");
            }

            siteColumn = site.Name;
        }

        var columns = new List<ColumnSchema>();
        foreach (var column in table.Columns)
        {
            var targetColumn = Resolve(table, target, column.Name)
                ?? throw new BundleRejectedException($"Table {table.Name}, column {column.Name}: the target table has no such column. Add it to the target table, then move the bundle back to the inbox.");
            if (targetColumn.IsGenerated)
            {
                // The target computes its own value; the bundle's is left out (see LeftOut).
                continue;
            }

            if (ValueFit.TypeProblem(column, targetColumn) is { } problem)
            {
                throw new BundleRejectedException($"Table {table.Name}, column {column.Name}: {problem}. Change the target column's type, then move the bundle back to the inbox.");
            }

            columns.Add(column.ToSchema() with { Name = targetColumn.Name });
        }

        var provided = columns.Select(c => c.Name).Append(siteColumn).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var missing = target.Columns.FirstOrDefault(c => !c.Nullable && !c.HasDefault && !c.IsGenerated && !provided.Contains(c.Name));
        if (missing is not null)
        {
            throw new BundleRejectedException($"Table {table.Name}, column {missing.Name}: the target requires a value (NOT NULL, no default) that the bundle does not carry.");
        }

        var key = new List<string>();
        foreach (var name in tableConfig.Key is { Count: > 0 } configured ? configured : table.Key)
        {
            if (!string.Equals(name, siteColumn, StringComparison.OrdinalIgnoreCase) && !table.Columns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                // Rows and deleted rows are matched on the key's values, which only the bundle carries.
                throw new BundleRejectedException(
                    $"Table {table.Name}, column {name}: the key in server.json names a column the bundle does not carry (its columns: {string.Join(", ", table.Columns.Select(c => c.Name))}), so its rows and deleted rows cannot be matched. " +
                    "Change \"key\" of the table in server.json to columns the site sends (or have the site send that column), then move the bundle back to the inbox.");
            }

            var keyColumn = Resolve(table, target, name);
            if (keyColumn is { IsGenerated: true })
            {
                throw new BundleRejectedException(
                    $"Table {table.Name}, column {keyColumn.Name}: the merge key has a generated column, whose value the target computes and the importer cannot write; use a key of stored columns.");
            }

            key.Add(keyColumn?.Name ?? name);
        }

        if (siteColumn is not null && !key.Contains(siteColumn, StringComparer.Ordinal))
        {
            key.Insert(0, siteColumn);
        }

        if (!target.HasUniqueKey(key))
        {
            throw new BundleRejectedException(
                $"Table {table.Name}: the target has no primary key or unique index on ({string.Join(", ", key)}), which the merge needs to match rows. Add one, then move the bundle back to the inbox.");
        }

        return new MergePlan(target.Name, columns, key, siteColumn, siteColumn is null ? null : siteId, table.Deletes == DeleteMode.Mirror);
    }

    /// <summary>
    /// The bundle's columns that the target computes itself (generated or computed columns): the
    /// merge leaves them out, and the target fills in its own values. Empty for most tables.
    /// </summary>
    public static IReadOnlyList<string> LeftOut(ManifestTable table, TargetTable target) =>
        table.Columns.Where(c => target.Find(c.Name) is { IsGenerated: true }).Select(c => c.Name).ToList();

    /// <summary>The rows as the plan takes them: without the <see cref="LeftOut"/> columns.</summary>
    public static DbDataReader Written(DbDataReader rows, ManifestTable table, TargetTable target)
    {
        var leftOut = LeftOut(table, target);
        return leftOut.Count == 0
            ? rows
            : new ColumnSubsetReader(rows, Enumerable.Range(0, table.Columns.Count).Where(i => !leftOut.Contains(table.Columns[i].Name)).ToList());
    }

    /// <summary>Per bundle column, the check of each value against its target column's limits (none for a column left out).</summary>
    public static IReadOnlyList<Func<object, string?>?> ValueChecks(ManifestTable table, TargetTable target) =>
        table.Columns.Select(c => target.Find(c.Name) is { IsGenerated: false } column ? ValueFit.ValueCheck(column) : null).ToList();

    /// <summary>The target column named <paramref name="column"/> in any case; refused when the target has two such.</summary>
    private static TargetColumn? Resolve(ManifestTable table, TargetTable target, string column)
    {
        var found = target.FindAll(column);
        if (found.Count > 1)
        {
            throw new BundleRejectedException(
                $"Table {table.Name}, column {column}: the target table {target.Name} has columns {string.Join(" and ", found.Select(c => c.Name))}, whose names differ only by case; SyncFiles matches names without case and cannot choose. Rename one of them, then move the bundle back to the inbox.");
        }

        return found.Count == 0 ? null : found[0];
    }
}
