using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;

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
            notes.Add($"{table.Name}: {Lower(table.Kind)} table, key ({key}). \"siteColumn\" is set to the bundle's site on every row and joins the key, so");
            notes.Add($"several shops share one central table: shop A's row {table.Key[0]}=1 and shop B's row {table.Key[0]}=1 stay two rows.");
            if (match is { IsAmbiguous: true })
            {
                notes.Add($"AMBIGUOUS at head office: {table.Name} could be central table {string.Join(" or ", match.Candidates)} (names compared without case and");
                notes.Add("underscores). Uncomment the \"into\" line below with the right one; until then its bundles are quarantined.");
                return new ServerTableSuggestion(table.Name, defaultSiteColumn, notes) { IntoCandidates = match.Candidates };
            }

            notes.Add(inspected
                ? $"MISSING at head office: create table {table.Name} with the bundle's columns ({string.Join(", ", table.Columns.Select(Describe))}),"
                : $"Not checked (no --connection): the central table needs a column {defaultSiteColumn} and a primary key or unique index on ({defaultSiteColumn}, {key}).");
            if (inspected)
            {
                notes.Add($"plus {defaultSiteColumn}, and the primary key ({defaultSiteColumn}, {key}); until then its bundles are quarantined.");
                if (tablesScript is not null)
                {
                    notes.Add($"{tablesScript} beside this file creates it: review it, then run it, or run init again with --create-tables.");
                }
            }

            return new ServerTableSuggestion(table.Name, defaultSiteColumn, notes) { MissingAtHeadOffice = inspected };
        }

        var into = match is { NeedsMapping: true } ? match.Central : null;
        var named = into is null ? table.Name : $"{table.Name} -> central {into}";
        if (into is not null)
        {
            notes.Add($"{table.Name} is central table {into} (the only one of that name once case and underscores are ignored): \"into\".");
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
            notes.Add($"Columns named otherwise at head office (each the only match once case and underscores are ignored): {string.Join(", ", mapped.Select(m => $"{m.Key} -> {m.Value}"))}.");
        }

        foreach (var (column, candidates) in ambiguous)
        {
            notes.Add($"AMBIGUOUS at head office: column {column} could be {string.Join(" or ", candidates)}; uncomment its line in \"columns\" with the right one.");
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
            notes.Add($"{named}: key ({key}); the central table's key is ({siteColumn}, {string.Join(", ", centralKey)}), so {siteColumn} takes the bundle's site on every row");
            notes.Add("and rows of different shops with the same key stay apart.");
        }
        else if (target.HasUniqueKey(centralKey))
        {
            notes.Add($"{named}: key ({key}), which is the central table's key too: no site column. Fine when keys never repeat across shops");
            notes.Add("(a table keyed by the site's own code); else shops overwrite each other's rows: add a site column to the table and its key.");
            notes.Add($"SHARED by every site: any site's bundle may insert or overwrite any row of {target.Name}, and a bundle that deletes rows of it");
            notes.Add("(tombstones, \"deletes\": \"mirror\") is quarantined, since it could delete another site's rows (docs/security.md).");
        }
        else
        {
            siteColumn = defaultSiteColumn;
            notes.Add($"{named}: key ({key}). The central table has no primary key or unique index on ({string.Join(", ", centralKey)}) nor on (<site column>, {string.Join(", ", centralKey)}),");
            notes.Add($"which the merge needs to match rows: add a column {siteColumn} and the primary key ({siteColumn}, {string.Join(", ", centralKey)}), or name yours here.");
        }

        foreach (var column in table.Columns.Where(c => columnMatches[c.Name].IsMissing))
        {
            notes.Add($"MISSING at head office: column {Describe(column)}; add it to {target.Name}, or this table's bundles are quarantined");
            notes.Add(addColumn?.Invoke(column) is { } statement
                ? $"(or set \"schemaChanges\": \"addColumns\" on the table): {statement};"
                : "(or set \"schemaChanges\": \"addColumns\" on the table).");
        }

        foreach (var column in target.Columns.Where(c => !c.Nullable && !c.HasDefault && !c.IsGenerated && !bundleColumns.Contains(c.Name) && !string.Equals(c.Name, siteColumn, StringComparison.OrdinalIgnoreCase)))
        {
            notes.Add($"Central column {column.Name} is NOT NULL without a default and the bundle does not carry it: give it a default, or the import fails.");
        }

        if (target.Triggers.Count > 0)
        {
            notes.Add($"TRIGGERS on {target.Name}: {string.Join(", ", target.Triggers)}. {TriggerAdvice}");
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
    public const string TriggerAdvice =
        "They fire on every merged row (e.g. a last_update trigger rewrites what the site sent); keep them, or disable them for the import's account: docs/operations.md, \"Triggers at head office\". The importer never alters them.";

    private static string Describe(ManifestColumn column)
    {
        var size = column.Length is int length ? $"({length})" : column.Precision is int precision ? $"({precision},{column.Scale ?? 0})" : string.Empty;
        return $"{column.Name} {Lower(column.Type)}{size}{(column.Nullable ? string.Empty : " NOT NULL")}";
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
