using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Text;

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
    public static string Explain(ForeignKeyViolationException violation, IReadOnlyList<(string Bundle, TargetTable Target)> tables, LoadOrder order, string fileName) =>
        Advise(violation, tables, order, fileName).English;

    /// <summary>The same reason, to be shown in each reader's language.</summary>
    public static LocalizedText Advise(ForeignKeyViolationException violation, IReadOnlyList<(string Bundle, TargetTable Target)> tables, LoadOrder order, string fileName)
    {
        var child = Find(tables, violation.Table);
        var parent = violation.ReferencedTable is null ? -1 : Find(tables, violation.ReferencedTable);
        var childWords = Name(tables, child, violation.Table);
        object parentName = violation.ReferencedTable is { } referenced ? referenced : ImporterText.Get(nameof(ImporterMessages.FkItsParent));
        var parentWords = Name(tables, parent, parentName);
        var constraint = violation.Constraint is null ? ImporterText.Get(nameof(ImporterMessages.FkAForeignKey)) : ImporterText.Get(nameof(ImporterMessages.FkTheForeignKey), violation.Constraint);

        if (violation.StillReferenced)
        {
            var key = violation.Key is null ? string.Empty : (object)ImporterText.Get(nameof(ImporterMessages.FkKeyParen), violation.Key);
            return child < 0
                ? ImporterText.Get(nameof(ImporterMessages.FkDeleteRefusedNotCarried), fileName, parentWords, childWords, constraint, key, violation.Table)
                : ImporterText.Get(nameof(ImporterMessages.FkDeleteRefusedCarried), fileName, parentWords, childWords, constraint, key, violation.Table, parentName);
        }

        var notPresent = violation.Key is null ? string.Empty : (object)ImporterText.Get(nameof(ImporterMessages.FkKeyNotPresent), violation.Key, parentName);
        var what = ImporterText.Get(nameof(ImporterMessages.FkMissing), fileName, childWords, constraint, parentWords, notPresent);
        var cycle = order.Cycles.FirstOrDefault(c => c.Tables.Contains(child) && c.Tables.Contains(parent));
        if (cycle is not null && !cycle.Deferrable)
        {
            return ImporterText.Get(
                nameof(ImporterMessages.FkCycle),
                what,
                string.Join(", ", cycle.Tables.Select(i => tables[i].Target.Name)),
                string.Join("; ", cycle.Keys.Select(k => k.Key.Describe())));
        }

        return parent >= 0
            ? ImporterText.Get(nameof(ImporterMessages.FkParentCarried), what, parentName, violation.Table)
            : ImporterText.Get(nameof(ImporterMessages.FkParentNotCarried), what, parentName);
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
    private static LocalizedText Name(IReadOnlyList<(string Bundle, TargetTable Target)> tables, int index, object central) =>
        index < 0 ? ImporterText.Get(nameof(ImporterMessages.FkNameCentralOnly), central)
        : string.Equals(tables[index].Bundle, tables[index].Target.Name, StringComparison.Ordinal) ? ImporterText.Get(nameof(ImporterMessages.FkNameTable), central)
        : ImporterText.Get(nameof(ImporterMessages.FkNameMapped), tables[index].Bundle, tables[index].Target.Name);
}
