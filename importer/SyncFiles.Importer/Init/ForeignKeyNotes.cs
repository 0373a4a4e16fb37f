using SyncFiles.Common.Providers;
using SyncFiles.Importer.Import;

namespace SyncFiles.Importer.Init;

/// <summary>
/// What <c>syncfiles-import init</c> says about the central tables' foreign keys, per table (comment
/// lines of server.json) and for the console: the keys to tables the bundle does not carry (they
/// must be filled another way before the first import), and tables that refer to each other
/// (checked at the commit when every key of the ring is deferrable; else a bundle whose rows refer
/// both ways is quarantined).
/// </summary>
public static class ForeignKeyNotes
{
    /// <param name="tables">Per bundle table in the manifest's order, its central table (null: missing).</param>
    /// <returns>Comment lines per bundle table name, and the console's lines.</returns>
    public static (IReadOnlyDictionary<string, List<string>> Notes, IReadOnlyList<string> Console) Describe(IReadOnlyList<(string Bundle, TargetTable? Target)> tables)
    {
        var notes = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var console = new List<string>();
        var present = tables.Where(t => t.Target is not null).Select(t => (t.Bundle, Target: t.Target!)).ToList();
        var targets = present.Select(t => t.Target).ToList();

        foreach (var (index, key) in LoadOrder.Outside(targets))
        {
            var table = present[index];
            Add(notes, table.Bundle, $"Foreign key {key.Describe()}: the bundle does not carry {key.ReferencedTable}; fill it at head office another way");
            Add(notes, table.Bundle, $"before the first import (a row referring to a missing {key.ReferencedTable} row quarantines its bundle).");
            console.Add($"Foreign key {key.Name} of {table.Target.Name} refers to {key.ReferencedTable}, which the bundle does not carry: fill {key.ReferencedTable} another way before the first import.");
        }

        foreach (var cycle in LoadOrder.Plan(targets).Cycles)
        {
            var names = string.Join(", ", cycle.Tables.Select(i => targets[i].Name));
            var keys = string.Join("; ", cycle.Keys.Select(k => k.Key.Describe()));
            foreach (var i in cycle.Tables)
            {
                if (cycle.Deferrable)
                {
                    Add(notes, present[i].Bundle, $"Tables {names} refer to each other ({keys});");
                    Add(notes, present[i].Bundle, "every key of the ring is deferrable, so the importer checks them at the commit.");
                }
                else
                {
                    Add(notes, present[i].Bundle, $"CYCLE: tables {names} refer to each other ({keys}), and the database checks these keys");
                    Add(notes, present[i].Bundle, "after each statement: a bundle whose rows refer both ways is quarantined. On PostgreSQL make them DEFERRABLE");
                    Add(notes, present[i].Bundle, "(ALTER TABLE t ALTER CONSTRAINT k DEFERRABLE); see \"Foreign keys at head office\" in docs/operations.md.");
                }
            }

            console.Add(cycle.Deferrable
                ? $"Tables {names} refer to each other through deferrable foreign keys ({keys}): checked at the commit of each bundle."
                : $"CYCLE: tables {names} refer to each other through foreign keys the database cannot defer ({keys}): a bundle whose rows refer both ways is quarantined. Make them DEFERRABLE (PostgreSQL) or see \"Foreign keys at head office\" in docs/operations.md.");
        }

        return (notes, console);
    }

    private static void Add(Dictionary<string, List<string>> notes, string table, string line)
    {
        if (!notes.TryGetValue(table, out var list))
        {
            notes[table] = list = [];
        }

        list.Add(line);
    }
}
