using System.Data.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Config;
using SyncFiles.Importer.Text;

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
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanTableNotConfigured), table.Name));
        }

        var named = MappedNames.Table(table.Name, tableConfig);
        if (target is null)
        {
            throw new BundleRejectedException(
                tableConfig.Into is null
                    ? ImporterText.Get(nameof(ImporterMessages.PlanTableMissing), named)
                    : ImporterText.Get(nameof(ImporterMessages.PlanIntoMissing), named, tableConfig.CentralTable));
        }

        if (target.CaseTwins is { Count: > 0 } twins)
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanCaseTwins), named, And(twins.Prepend(target.Name).Order(StringComparer.Ordinal))));
        }

        var unknown = (tableConfig.Columns?.Keys ?? []).Where(c => !table.Columns.Any(b => string.Equals(b.Name, c, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanUnknownMapped), named, string.Join(", ", unknown), string.Join(", ", table.Columns.Select(c => c.Name))));
        }

        var siteColumn = tableConfig.SiteColumn;
        if (siteColumn is null && table.Deleted is not null)
        {
            // A table without a site column is shared by every site: a site's tombstones would
            // delete rows another site wrote. Refused before any row is read (docs/security.md).
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanSharedDeletes), named, BundleEntries.DeletedFile(table.Name)));
        }

        if (siteColumn is null && table.Deletes == DeleteMode.Mirror)
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanSharedMirror), named));
        }

        if (siteColumn is not null)
        {
            // The site column is a central name: it is no bundle column's.
            var site = Resolve(named, target, siteColumn)
                ?? throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanSiteColumnMissing), named, siteColumn));
            if (table.Columns.FirstOrDefault(c => string.Equals(tableConfig.CentralColumn(c.Name), siteColumn, StringComparison.OrdinalIgnoreCase)) is { } own)
            {
                throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanOwnSiteColumn), named, MappedNames.Column(own.Name, siteColumn)));
            }

            if (site.IsGenerated)
            {
                throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanSiteColumnGenerated), named, site.Name));
            }

            siteColumn = site.Name;
        }

        var columns = new List<ColumnSchema>();
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in table.Columns)
        {
            var central = tableConfig.CentralColumn(column.Name);
            var targetColumn = Resolve(named, target, central)
                ?? throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanNoSuchColumn), named, MappedNames.Column(column.Name, central), addColumn?.Invoke(column.Name) is { } statement ? $" ({statement};)" : string.Empty, string.Equals(column.Name, central, StringComparison.Ordinal) ? string.Empty : ImporterText.Get(nameof(ImporterMessages.PlanCorrectColumns))));
            if (written.TryGetValue(targetColumn.Name, out var other))
            {
                throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanTwoIntoOne), named, other, column.Name, targetColumn.Name));
            }

            written[targetColumn.Name] = column.Name;
            if (targetColumn.IsGenerated)
            {
                // The target computes its own value; the bundle's is left out (see LeftOut).
                continue;
            }

            if (ValueFit.TypeProblem(column, targetColumn) is { } problem)
            {
                throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanTypeProblem), named, MappedNames.Column(column.Name, targetColumn.Name), problem));
            }

            columns.Add(column.ToSchema() with { Name = targetColumn.Name });
        }

        var provided = columns.Select(c => c.Name).Append(siteColumn).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var missing = target.Columns.FirstOrDefault(c => !c.Nullable && !c.HasDefault && !c.IsGenerated && !provided.Contains(c.Name));
        if (missing is not null)
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanNotNullMissing), named, missing.Name, target.Name));
        }

        var key = new List<string>();
        foreach (var name in tableConfig.Key is { Count: > 0 } configured ? configured : table.Key)
        {
            if (!string.Equals(name, siteColumn, StringComparison.OrdinalIgnoreCase) && !table.Columns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                // Rows and deleted rows are matched on the key's values, which only the bundle carries.
                throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanKeyNotCarried), named, name, string.Join(", ", table.Columns.Select(c => c.Name))));
            }

            // The key is in bundle names, like the columns it picks from the bundle.
            var central = tableConfig.CentralColumn(name);
            var keyColumn = Resolve(named, target, central);
            if (keyColumn is { IsGenerated: true })
            {
                throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanGeneratedKey), named, MappedNames.Column(name, keyColumn.Name)));
            }

            key.Add(keyColumn?.Name ?? central);
        }

        if (siteColumn is not null && !key.Contains(siteColumn, StringComparer.Ordinal))
        {
            key.Insert(0, siteColumn);
        }

        if (!target.HasUniqueKey(key))
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanNoUniqueKey), named, string.Join(", ", key)));
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
    private static TargetColumn? Resolve(LocalizedText named, TargetTable target, string column)
    {
        var found = target.FindAll(column);
        if (found.Count > 1)
        {
            throw new BundleRejectedException(ImporterText.Get(nameof(ImporterMessages.PlanColumnCaseTwins), named, column, target.Name, And(found.Select(c => c.Name))));
        }

        return found.Count == 0 ? null : found[0];
    }

    /// <summary>"a and b" in the reader's language (resolved when shown).</summary>
    private static LocalizedText And(IEnumerable<string> names)
    {
        var list = names.ToList();
        return ImporterText.Get(nameof(ImporterMessages.PlanAndList), string.Join(", ", list[..^1]), list[^1]);
    }
}
