using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Import;
using SyncFiles.Importer.Text;

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
            Add(notes, table.Bundle, ImporterText.Get(nameof(ImporterMessages.FkNotesNotCarried), key.Describe(), key.ReferencedTable));
            console.Add(ImporterText.Get(nameof(ImporterMessages.FkNotesNotCarriedConsole), key.Name, table.Target.Name, key.ReferencedTable).Display);
        }

        foreach (var cycle in LoadOrder.Plan(targets).Cycles)
        {
            var names = string.Join(", ", cycle.Tables.Select(i => targets[i].Name));
            var keys = string.Join("; ", cycle.Keys.Select(k => k.Key.Describe()));
            foreach (var i in cycle.Tables)
            {
                if (cycle.Deferrable)
                {
                    Add(notes, present[i].Bundle, ImporterText.Get(nameof(ImporterMessages.FkNotesCycleDeferrable), names, keys));
                }
                else
                {
                    Add(notes, present[i].Bundle, ImporterText.Get(nameof(ImporterMessages.FkNotesCycle), names, keys));
                }
            }

            console.Add(ImporterText.Get(cycle.Deferrable ? nameof(ImporterMessages.FkNotesCycleDeferrableConsole) : nameof(ImporterMessages.FkNotesCycleConsole), names, keys).Display);
        }

        return (notes, console);
    }

    /// <summary>A note in the reader's language, one comment line per line of its text.</summary>
    private static void Add(Dictionary<string, List<string>> notes, string table, LocalizedText note)
    {
        if (!notes.TryGetValue(table, out var list))
        {
            notes[table] = list = [];
        }

        list.AddRange(note.Display.ReplaceLineEndings("\n").Split('\n'));
    }
}
