using SyncFiles.Common.Providers;

namespace SyncFiles.Importer.Import;

/// <summary>
/// The quarantine reason for a row a foreign key refused: which table (both sides of the mapping),
/// which constraint, which parent table and missing key, and what to do, which depends on whether
/// the bundle carries the parent, deletes it, or the two tables refer to each other.
/// </summary>
public static class ForeignKeyAdvice
{
    /// <param name="violation">What the target refused.</param>
    /// <param name="tables">The bundle's tables (bundle name, central table), in the manifest's order.</param>
    /// <param name="order">The order they were merged in, with its cycles.</param>
    /// <param name="fileName">The bundle.</param>
    public static string Explain(ForeignKeyViolationException violation, IReadOnlyList<(string Bundle, TargetTable Target)> tables, LoadOrder order, string fileName)
    {
        var child = Find(tables, violation.Table);
        var parent = violation.ReferencedTable is null ? -1 : Find(tables, violation.ReferencedTable);
        var childWords = Name(tables, child, violation.Table);
        var parentName = violation.ReferencedTable ?? "its parent table";
        var parentWords = Name(tables, parent, parentName);
        var constraint = violation.Constraint is null ? "a foreign key" : $"foreign key {violation.Constraint}";
        var key = violation.Key is null ? string.Empty : $" {violation.Key}";

        if (violation.StillReferenced)
        {
            return $"{fileName} deletes rows of {parentWords} (tombstones or a mirror) that {childWords} still refers to through {constraint}{(key.Length == 0 ? string.Empty : $" (key{key})")}; the database refused the delete. " +
                (child < 0
                    ? $"The bundle does not carry {violation.Table}: delete or re-point its rows that refer to them at head office, or give {constraint} ON DELETE CASCADE or SET NULL if that is what head office wants, "
                    : $"The bundle's own rows of {violation.Table} are merged first and deleted before {parentName}; the rows still referring are ones the site kept: check the site's data, or give {constraint} ON DELETE CASCADE or SET NULL if that is what head office wants, ") +
                "then move the bundle back into the inbox.";
        }

        var what = $"{fileName}: {childWords} has a row that refers through {constraint} to a row of {parentWords} that head office does not have{(key.Length == 0 ? string.Empty : $": key{key} is not present in {parentName}")}. ";
        var cycle = order.Cycles.FirstOrDefault(c => c.Tables.Contains(child) && c.Tables.Contains(parent));
        if (cycle is not null && !cycle.Deferrable)
        {
            return what +
                $"The central tables {string.Join(", ", cycle.Tables.Select(i => tables[i].Target.Name))} refer to each other ({string.Join("; ", cycle.Keys.Select(k => k.Key.Describe()))}), " +
                "so no order of the merges suits every row, and the database checks these keys after each statement. " +
                "On PostgreSQL make them DEFERRABLE (ALTER TABLE child ALTER CONSTRAINT name DEFERRABLE) and the importer checks them at the commit; " +
                "on SQL Server, which cannot defer a key, drop or disable one key of the ring (see \"Foreign keys at head office\" in docs/operations.md). Then move the bundle back into the inbox.";
        }

        if (parent >= 0)
        {
            return what +
                $"The bundle carries {parentName} (merged before {violation.Table}) but head office lacks that row: either the site's data refers to a row it did not send (a row deleted at the site, a table exported with a filter), " +
                $"or the bundle deletes it (tombstones, a mirror) while rows of {violation.Table} still refer to it. " +
                "Have the site send the row (\"syncfiles-export run --config site.json --full\" sends every row), add it to the central table, or delete or re-point the rows referring to it, then move the bundle back into the inbox.";
        }

        return what +
            $"The bundle does not carry {parentName}: head office must fill it another way before rows referring to it arrive (\"Foreign keys at head office\" in docs/operations.md). " +
            $"Add the missing row to {parentName}, then move the bundle back into the inbox.";
    }

    private static int Find(IReadOnlyList<(string Bundle, TargetTable Target)> tables, string central)
    {
        for (var i = 0; i < tables.Count; i++)
        {
            if (string.Equals(tables[i].Target.Name, central, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>"bundle table InvoiceLine -> central invoice_line", "table invoice_line", or "central table x (not in this bundle)".</summary>
    private static string Name(IReadOnlyList<(string Bundle, TargetTable Target)> tables, int index, string central) =>
        index < 0 ? $"the central table {central}"
        : string.Equals(tables[index].Bundle, tables[index].Target.Name, StringComparison.Ordinal) ? $"table {central}"
        : $"bundle table {tables[index].Bundle} -> central {tables[index].Target.Name}";
}
