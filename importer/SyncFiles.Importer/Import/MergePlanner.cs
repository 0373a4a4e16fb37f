using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Importer.Config;

namespace SyncFiles.Importer.Import;

/// <summary>
/// Matches one bundle table to its target table before any row is read: the table must be one the
/// server configuration names and the target holds, every bundle column must exist there, and the
/// merge key (plus the site column) must be unique in the target. Every refusal names table and
/// column and says what to change.
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

        var siteColumn = tableConfig.SiteColumn;
        if (siteColumn is not null)
        {
            if (target.Find(siteColumn) is null)
            {
                throw new BundleRejectedException($"Table {table.Name}: the site column {siteColumn} does not exist in the target table.");
            }

            if (table.Columns.Any(c => string.Equals(c.Name, siteColumn, StringComparison.OrdinalIgnoreCase)))
            {
                throw new BundleRejectedException($"Table {table.Name}: the bundle has its own column {siteColumn}, which is also the configured site column; rename one of them.");
            }

            siteColumn = target.Find(siteColumn)!.Name;
        }

        foreach (var column in table.Columns)
        {
            var targetColumn = target.Find(column.Name)
                ?? throw new BundleRejectedException($"Table {table.Name}, column {column.Name}: the target table has no such column. Add it to the target table, then move the bundle back to the inbox.");
            if (ValueFit.TypeProblem(column, targetColumn) is { } problem)
            {
                throw new BundleRejectedException($"Table {table.Name}, column {column.Name}: {problem}. Change the target column's type, then move the bundle back to the inbox.");
            }
        }

        if (table.Deletes == DeleteMode.Mirror && siteColumn is null)
        {
            throw new BundleRejectedException(
                $"Table {table.Name} is mirrored (\"deletes\": \"mirror\" at the site), which deletes the site's rows missing from the snapshot; give it a siteColumn in server.json so other sites' rows are never touched.");
        }

        var provided = table.Columns.Select(c => c.Name).Append(siteColumn).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = target.Columns.FirstOrDefault(c => !c.Nullable && !c.HasDefault && !provided.Contains(c.Name));
        if (missing is not null)
        {
            throw new BundleRejectedException($"Table {table.Name}, column {missing.Name}: the target requires a value (NOT NULL, no default) that the bundle does not carry.");
        }

        var key = (tableConfig.Key is { Count: > 0 } configured ? configured : table.Key).ToList();
        if (siteColumn is not null && !key.Contains(siteColumn, StringComparer.OrdinalIgnoreCase))
        {
            key.Insert(0, siteColumn);
        }

        if (!target.HasUniqueKey(key))
        {
            throw new BundleRejectedException(
                $"Table {table.Name}: the target has no primary key or unique index on ({string.Join(", ", key)}), which the merge needs to match rows. Add one, then move the bundle back to the inbox.");
        }

        return new MergePlan(target.Name, table.Columns.Select(c => c.ToSchema()).ToList(), key, siteColumn, siteColumn is null ? null : siteId, table.Deletes == DeleteMode.Mirror);
    }

    /// <summary>Per bundle column, the check of each value against its target column's limits.</summary>
    public static IReadOnlyList<Func<object, string?>?> ValueChecks(ManifestTable table, TargetTable target) =>
        table.Columns.Select(c => ValueFit.ValueCheck(target.Find(c.Name)!)).ToList();
}
