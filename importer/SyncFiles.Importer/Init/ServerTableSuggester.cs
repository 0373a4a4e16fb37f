using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;
using SyncFiles.Importer.Text;

namespace SyncFiles.Importer.Init;

/// <summary>
/// Suggests how a bundle table meets its central table (docs/configuration.md, "How a bundle table
/// meets its target table"): which column takes the site, and what head office still lacks.
/// Without a look at the central database, every table gets <c>defaultSiteColumn</c>. With one:
/// the column that, added to the bundle's key, makes the central table's primary key or a unique
/// index; none when the bundle's key alone is that key. A central table or column named otherwise
/// (<c>InvoiceLine</c> / <c>invoice_line</c>) is mapped when it is the only match once case and
/// underscores are ignored, and offered as candidates when several match (<see cref="CentralNameMatch"/>).
/// </summary>
public static class ServerTableSuggester
{
    /// <param name="table">The bundle's table.</param>
    /// <param name="target">The central table; null when it does not exist or was not looked at.</param>
    /// <param name="inspected">Whether the central database was looked at.</param>
    /// <param name="defaultSiteColumn">The site column to suggest when the central table does not say.</param>
    /// <param name="tablesScript">The file holding the DDL of the central tables, when init wrote one and did not run it.</param>
    /// <param name="addColumn">The ALTER TABLE that adds a bundle column the central table lacks, when known.</param>
    /// <param name="match">How the bundle table's name met the central tables' (null: not looked at, or the same name).</param>
    public static ServerTableSuggestion Suggest(ManifestTable table, TargetTable? target, bool inspected, string defaultSiteColumn, string? tablesScript = null, Func<ManifestColumn, string?>? addColumn = null, CentralNameMatch? match = null)
    {
        var key = string.Join(", ", table.Key);
        var notes = new List<string>();
        if (!inspected || target is null)
        {
            Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestSharedKey), table.Name, Lower(table.Kind), key, table.Key[0]));
            if (match is { IsAmbiguous: true })
            {
                Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestAmbiguousTable), table.Name, Or(match.Candidates)));
                return new ServerTableSuggestion(table.Name, defaultSiteColumn, notes) { IntoCandidates = match.Candidates };
            }

            Add(notes, inspected
                ? ImporterText.Get(nameof(ImporterMessages.SuggestMissingTable), table.Name, string.Join(", ", table.Columns.Select(Describe)), defaultSiteColumn, key)
                : ImporterText.Get(nameof(ImporterMessages.SuggestNotChecked), defaultSiteColumn, key));
            if (inspected && tablesScript is not null)
            {
                Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestScriptBeside), tablesScript));
            }

            return new ServerTableSuggestion(table.Name, defaultSiteColumn, notes) { MissingAtHeadOffice = inspected };
        }

        var into = match is { NeedsMapping: true } ? match.Central : null;
        var named = into is null ? table.Name : $"{table.Name} -> central {into}";
        if (into is not null)
        {
            Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestInto), table.Name, into));
        }

        // Each bundle column's central column: its own name in any case, or the one loose match.
        var columnMatches = table.Columns.ToDictionary(c => c.Name, c => CentralNameMatch.Find(c.Name, target.Columns.Select(t => t.Name)), StringComparer.OrdinalIgnoreCase);
        // An ambiguous column counts as its first candidate (the one its commented line offers), so
        // the notes below say what holds once that line is uncommented.
        string CentralOf(string bundleColumn) => columnMatches.TryGetValue(bundleColumn, out var m) ? m.Central ?? (m.Candidates.Count > 0 ? m.Candidates[0] : bundleColumn) : bundleColumn;
        var mapped = columnMatches.Values.Where(m => m.NeedsMapping).Select(m => KeyValuePair.Create(m.BundleName, m.Central!)).ToList();
        var ambiguous = columnMatches.Values.Where(m => m.IsAmbiguous).Select(m => KeyValuePair.Create(m.BundleName, m.Candidates)).ToList();
        if (mapped.Count > 0)
        {
            Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestMappedColumns), string.Join(", ", mapped.Select(m => $"{m.Key} -> {m.Value}"))));
        }

        foreach (var (column, candidates) in ambiguous)
        {
            Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestAmbiguousColumn), column, Or(candidates)));
        }

        var bundleColumns = table.Columns.Select(c => CentralOf(c.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var centralKey = table.Key.Select(CentralOf).ToList();
        string? siteColumn = null;
        var candidate = target.Columns
            .Where(c => !bundleColumns.Contains(c.Name))
            .FirstOrDefault(c => target.HasUniqueKey([c.Name, .. centralKey]));
        if (candidate is not null)
        {
            siteColumn = candidate.Name;
            Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestSiteColumnFound), named, key, siteColumn, string.Join(", ", centralKey)));
        }
        else if (target.HasUniqueKey(centralKey))
        {
            Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestNoSiteColumn), named, key, target.Name));
        }
        else
        {
            siteColumn = defaultSiteColumn;
            Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestNoKey), named, key, string.Join(", ", centralKey), siteColumn));
        }

        foreach (var column in table.Columns.Where(c => columnMatches[c.Name].IsMissing))
        {
            Add(notes, addColumn?.Invoke(column) is { } statement
                ? ImporterText.Get(nameof(ImporterMessages.SuggestMissingColumnStatement), Describe(column), target.Name, statement)
                : ImporterText.Get(nameof(ImporterMessages.SuggestMissingColumn), Describe(column), target.Name));
        }

        foreach (var column in target.Columns.Where(c => !c.Nullable && !c.HasDefault && !c.IsGenerated && !bundleColumns.Contains(c.Name) && !string.Equals(c.Name, siteColumn, StringComparison.OrdinalIgnoreCase)))
        {
            Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestNotNull), column.Name));
        }

        if (target.Triggers.Count > 0)
        {
            Add(notes, ImporterText.Get(nameof(ImporterMessages.SuggestTriggers), target.Name, string.Join(", ", target.Triggers), TriggerAdviceText));
        }

        return new ServerTableSuggestion(table.Name, siteColumn, notes)
        {
            MissingAtHeadOffice = table.Columns.Any(c => columnMatches[c.Name].IsMissing),
            Into = into,
            Columns = mapped,
            AmbiguousColumns = ambiguous,
            Triggers = target.Triggers,
            Central = target.Name,
        };
    }

    /// <summary>What init says of a central table's triggers, in server.json and on the console.</summary>
    public static LocalizedText TriggerAdviceText => ImporterText.Get(nameof(ImporterMessages.SuggestTriggerAdvice));

    /// <summary>A note in the reader's language, one comment line per line of its text.</summary>
    private static void Add(List<string> notes, LocalizedText note) => notes.AddRange(note.Display.ReplaceLineEndings("\n").Split('\n'));

    /// <summary>"a or b or c" in the reader's language.</summary>
    private static string Or(IEnumerable<string> names) => string.Join(ImporterText.Get(nameof(ImporterMessages.InitOr)).Display, names);

    private static string Describe(ManifestColumn column)
    {
        var size = column.Length is int length ? $"({length})" : column.Precision is int precision ? $"({precision},{column.Scale ?? 0})" : string.Empty;
        return $"{column.Name} {Lower(column.Type)}{size}{(column.Nullable ? string.Empty : " NOT NULL")}";
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
