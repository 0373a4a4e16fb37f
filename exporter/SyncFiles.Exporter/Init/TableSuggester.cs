using System.Globalization;
using System.Text.RegularExpressions;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;

namespace SyncFiles.Exporter.Init;

/// <summary>
/// The rules <c>syncfiles-export init</c> suggests a table's key, kind and change detection by
/// (docs/operations.md, "Setting up a new site"). Each rule that fires leaves a note saying why.
/// <list type="number">
/// <item>Key: the primary key; without one, a unique index on NOT NULL columns; without either the table is left out.</item>
/// <item>Change detection, first match: SQL Server change tracking on the table; a rowversion column;
/// a date-time column named like a modification time (modifie_le, updated_at, date_maj ...); for a
/// table that looks like movements, an auto-numbered integer key (sequence: updates are missed).</item>
/// <item>Kind: transaction when changes can be found and the table looks like movements or documents
/// (its name, or at least <see cref="LargeTableRows"/> rows); else reference, exported whole each run.</item>
/// </list>
/// </summary>
public static partial class TableSuggester
{
    /// <summary>From this many rows a table with a change column is suggested as a transaction table whatever its name.</summary>
    public const long LargeTableRows = 100_000;

    private const string LedgerTable = "syncfiles_ledger";
    private const string TableStateTable = "syncfiles_table_state";

    // Words (or their plurals) in table names of movements and documents, in English and French.
    private static readonly HashSet<string> TransactionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "facture", "invoice", "ligne", "line", "mouvement", "movement", "vente", "sale", "order", "commande",
        "ticket", "receipt", "paiement", "payment", "reglement", "transaction", "journal", "log", "historique",
        "history", "histo", "stat", "statistique", "statistic", "chiffre", "turnover", "event", "evenement",
        "ecriture", "entry", "encaissement", "livraison", "delivery", "reception", "inventaire", "audit",
    };

    // Words that make a table a list of codes even when a movement word follows (types_vente, order_status).
    private static readonly HashSet<string> LookupWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "type", "kind", "categorie", "category", "famille", "family", "param", "parametre", "parameter", "setting",
        "config", "code", "status", "statut", "mode", "ref", "lookup",
    };

    public static TableSuggestion Suggest(CatalogTable table, string provider)
    {
        var notes = new List<string>();
        var rows = table.ApproximateRows is long count
            ? string.Create(CultureInfo.InvariantCulture, $"about {count:N0} row{(count == 1 ? string.Empty : "s")}")
            : "row count unknown";

        if (string.Equals(table.Name, LedgerTable, StringComparison.OrdinalIgnoreCase))
        {
            return Excluded(table, "syncfiles_ledger is the importer's own ledger, not shop data: left out.");
        }

        if (string.Equals(table.Name, TableStateTable, StringComparison.OrdinalIgnoreCase))
        {
            return Excluded(table, "syncfiles_table_state is the importer's own record of applied reference tables, not shop data: left out.");
        }

        if (table.Unusable is not null)
        {
            return Excluded(table, $"LEFT OUT: the exporter cannot read this table as it is: {table.Unusable}");
        }

        var key = table.PrimaryKey;
        if (table.PrimaryKey.Count == 0)
        {
            var unique = table.UniqueKeys.FirstOrDefault(k => k.All(c => table.Find(c) is { Nullable: false }));
            if (unique is null)
            {
                return Excluded(
                    table,
                    $"NO PRIMARY KEY: choose a unique key or leave the table out. Head office matches rows by key; to export it, add \"key\": [\"col\", ...] (columns that together identify a row) and remove the // ({rows}).");
            }

            key = unique;
            notes.Add($"No primary key: the key is the unique index on ({string.Join(", ", unique)}), whose columns are NOT NULL.");
        }

        var looksLikeMovements = LooksLikeMovements(table.Name, out var word);
        var large = table.ApproximateRows >= LargeTableRows;
        var why = looksLikeMovements
            ? $"its name ('{word}') suggests movements or documents, which grow without end"
            : large ? string.Create(CultureInfo.InvariantCulture, $"it is large ({rows})") : null;

        if (table.ChangeTracking && table.PrimaryKey.Count > 0)
        {
            notes.Add($"transaction, changetracking: SQL Server change tracking is on for this table, so each run sends rows inserted or updated since the last one, and deletes as tombstones ({rows}).");
            return new TableSuggestion(table.Name, true, key, TableKind.Transaction, null, ChangeStrategy.ChangeTracking, notes);
        }

        string? column = null;
        ChangeStrategy? strategy = null;
        string? found = null;
        var change = new List<string>();
        var rowversion = table.Columns.FirstOrDefault(c => c.IsRowversion);
        if (rowversion is not null)
        {
            column = rowversion.Name;
            strategy = ChangeStrategy.Rowversion;
            found = $"{column} is a rowversion";
            change.Add($"{column} is a rowversion: SQL Server sets it on every insert and update, and the exporter bounds it by MIN_ACTIVE_ROWVERSION() so open transactions are never skipped.");
        }
        else if (ModifiedAt(table) is { } modified)
        {
            column = modified.Name;
            strategy = ChangeStrategy.Timestamp;
            found = $"{column} ({modified.DeclaredType}) is named like a modification time";
            change.Add($"{found}: each run sends rows whose {column} moved since the last one (minus the overlap). It must be set on every insert and update.");
            if (modified.Nullable)
            {
                change.Add($"{column} allows NULL: rows where it is NULL travel only with --full.");
            }

            if (provider == "sqlite")
            {
                change.Add($"SQLite: {column} must hold ISO 8601 text in one layout (yyyy-MM-dd HH:mm:ss.fff).");
            }
        }
        else if (looksLikeMovements && table.PrimaryKey.Count == 1 && table.Find(table.PrimaryKey[0]) is { IsAutoNumber: true, Type: PortableType.Int16 or PortableType.Int32 or PortableType.Int64 } counter)
        {
            column = counter.Name;
            strategy = ChangeStrategy.Sequence;
            change.Add($"No modification column, but {column} is numbered by the database: sequence sends rows with a higher {column} than last time.");
            change.Add($"CAUTION: sequence sees new rows only; an UPDATE of an existing row is never sent. Keep it only if rows of {table.Name} are never changed after insert; else add a modification column.");
        }

        if (column is null || strategy is not ChangeStrategy chosen)
        {
            notes.Insert(0, $"reference: exported in full every run ({rows}). No change column was found (no rowversion, no date-time column named like modified/updated/maj/last_update).");
            if (large || looksLikeMovements)
            {
                notes.Add("This table looks large or growing: add a modification column set on every write (and an index starting with it) to export only its changes.");
            }

            return new TableSuggestion(table.Name, true, key, TableKind.Reference, null, null, notes);
        }

        if (why is null)
        {
            // A column exists, but a small table of codes or master data is simplest sent whole: say how to switch.
            notes.Insert(0, $"reference: exported in full every run ({rows}); a small table of codes or master data is simplest that way.");
            notes.Add($"{found ?? $"{column} is numbered by the database"}. To send only its changes instead:");
            notes.Add($"  \"kind\": \"transaction\", \"changeColumn\": \"{column}\", \"strategy\": \"{Name(chosen)}\"");
            if (chosen != ChangeStrategy.Sequence)
            {
                notes.AddRange(IndexNote(table, column, provider));
            }

            return new TableSuggestion(table.Name, true, key, TableKind.Reference, null, null, notes);
        }

        notes.Insert(0, $"transaction, {Name(chosen)}: {why} ({rows}).");
        notes.AddRange(change);
        if (chosen != ChangeStrategy.Sequence)
        {
            notes.AddRange(IndexNote(table, column, provider));
        }

        return new TableSuggestion(table.Name, true, key, TableKind.Transaction, column, chosen, notes);
    }

    /// <summary>Whether a table name reads like movements or documents; <paramref name="word"/> is the word that decided.</summary>
    public static bool LooksLikeMovements(string table, out string? word)
    {
        var words = Words(table).ToList();
        word = null;
        if (words.Any(w => IsIn(LookupWords, w)))
        {
            return false;
        }

        word = words.FirstOrDefault(w => IsIn(TransactionWords, w));
        return word is not null;
    }

    /// <summary>modifie_le, date_modif, updated_at, UpdatedOn, last_update, date_maj, changed, mtime ...</summary>
    public static bool IsModificationName(string column)
    {
        var flat = column.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return flat.Contains("modif", StringComparison.Ordinal) || flat.Contains("updat", StringComparison.Ordinal) ||
               flat.Contains("chang", StringComparison.Ordinal) || flat.Contains("edited", StringComparison.Ordinal) ||
               flat.Contains("mtime", StringComparison.Ordinal) ||
               Words(column).Any(w => w is "maj" or "upd" or "mod" or "modified" or "lastmod");
    }

    /// <summary>
    /// The best modification-time column: named like one and a date-time, with or without an offset
    /// (timestamptz, compared as instants); an indexed, NOT NULL one first.
    /// </summary>
    private static CatalogColumn? ModifiedAt(CatalogTable table) =>
        table.Columns
            .Where(c => c.Type is PortableType.DateTime or PortableType.DateTimeOffset && IsModificationName(c.Name))
            .OrderByDescending(c => table.IsIndexed(c.Name))
            .ThenBy(c => c.Nullable)
            .FirstOrDefault();

    private static IEnumerable<string> IndexNote(CatalogTable table, string column, string provider)
    {
        if (table.IsIndexed(column))
        {
            yield return $"An index starts with {column}: the incremental query reads only the changed rows.";
            yield break;
        }

        yield return $"No index starts with {column}: every incremental run scans the whole table. Suggested:";
        yield return $"  {CreateIndex(table.Name, column, provider)}";
    }

    private static string CreateIndex(string table, string column, string provider)
    {
        // PostgreSQL keeps 63 characters of a name.
        var index = "ix_" + table + "_" + column;
        index = index.Length > 63 ? index[..63] : index;
        string Quote(string n) => provider == "sqlserver" ? "[" + n + "]" : "\"" + n + "\"";
        return $"CREATE INDEX {Quote(index)} ON {Quote(table)} ({Quote(column)});";
    }

    private static TableSuggestion Excluded(CatalogTable table, string reason) =>
        new(table.Name, false, null, TableKind.Reference, null, null, [reason]);

    private static string Name(ChangeStrategy strategy) => strategy.ToString().ToLowerInvariant();

    /// <summary>The words of a name, split at '_' and at lower-to-upper case changes, in lower case.</summary>
    private static IEnumerable<string> Words(string name) =>
        CamelBoundary().Replace(name, "$1_$2").Split('_', StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant());

    /// <summary>The word, or its singular without a plural 's' or 'x' (factures, travaux), is in the set.</summary>
    private static bool IsIn(HashSet<string> words, string word) =>
        words.Contains(word) || (word.Length > 3 && (word.EndsWith('s') || word.EndsWith('x')) && words.Contains(word[..^1]));

    [GeneratedRegex("([a-z0-9])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex CamelBoundary();
}
