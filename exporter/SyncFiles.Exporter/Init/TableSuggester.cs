using System.Globalization;
using System.Text.RegularExpressions;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Schema;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Text;

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

    public static TableSuggestion Suggest(CatalogTable table, IDatabaseProvider provider)
    {
        var notes = new List<string>();
        var rows = table.ApproximateRows is long count
            ? count == 1 ? ExporterText.Get(nameof(ExporterMessages.InitRowsOne)) : ExporterText.Get(nameof(ExporterMessages.InitRowsMany), count)
            : ExporterText.Get(nameof(ExporterMessages.InitRowsUnknown));

        if (string.Equals(table.Name, LedgerTable, StringComparison.OrdinalIgnoreCase))
        {
            return Excluded(table, Say(nameof(ExporterMessages.InitLedgerTable)));
        }

        if (string.Equals(table.Name, TableStateTable, StringComparison.OrdinalIgnoreCase))
        {
            return Excluded(table, Say(nameof(ExporterMessages.InitTableStateTable)));
        }

        if (table.Unusable is not null)
        {
            return Excluded(table, Say(nameof(ExporterMessages.InitUnusable), table.Unusable));
        }

        var key = table.PrimaryKey;
        if (table.PrimaryKey.Count == 0)
        {
            var unique = table.UniqueKeys.FirstOrDefault(k => k.All(c => table.Find(c) is { Nullable: false }));
            if (unique is null)
            {
                return Excluded(
                    table,
                    Say(nameof(ExporterMessages.InitNoPrimaryKey), rows));
            }

            key = unique;
            notes.Add(Say(nameof(ExporterMessages.InitUniqueKey), string.Join(", ", unique)));
        }

        var looksLikeMovements = LooksLikeMovements(table.Name, out var word);
        var large = table.ApproximateRows >= LargeTableRows;
        var why = looksLikeMovements
            ? ExporterText.Get(nameof(ExporterMessages.InitWhyName), word)
            : large ? ExporterText.Get(nameof(ExporterMessages.InitWhyLarge), rows) : null;

        if (table.ChangeTracking && table.PrimaryKey.Count > 0)
        {
            notes.Add(Say(nameof(ExporterMessages.InitChangeTracking), rows));
            return new TableSuggestion(table.Name, true, key, TableKind.Transaction, null, ChangeStrategy.ChangeTracking, notes);
        }

        string? column = null;
        ChangeStrategy? strategy = null;
        LocalizedText? found = null;
        var change = new List<string>();
        var rowversion = table.Columns.FirstOrDefault(c => c.IsRowversion);
        if (rowversion is not null)
        {
            column = rowversion.Name;
            strategy = ChangeStrategy.Rowversion;
            found = ExporterText.Get(nameof(ExporterMessages.InitFoundRowversion), column);
            change.Add(Say(nameof(ExporterMessages.InitRowversion), column));
        }
        else if (ModifiedAt(table) is { } modified)
        {
            column = modified.Name;
            strategy = ChangeStrategy.Timestamp;
            found = ExporterText.Get(nameof(ExporterMessages.InitFoundModified), column, modified.DeclaredType);
            change.Add(Say(nameof(ExporterMessages.InitModified), found, column));
            if (modified.Nullable)
            {
                change.Add(Say(nameof(ExporterMessages.InitModifiedNullable), column));
            }

            change.AddRange(provider.TimestampColumnAdvice(column).Select(advice => advice.Display));
        }
        else if (looksLikeMovements && table.PrimaryKey.Count == 1 && table.Find(table.PrimaryKey[0]) is { IsAutoNumber: true, Type: PortableType.Int16 or PortableType.Int32 or PortableType.Int64 } counter)
        {
            column = counter.Name;
            strategy = ChangeStrategy.Sequence;
            change.Add(Say(nameof(ExporterMessages.InitSequence), column));
            change.Add(Say(nameof(ExporterMessages.InitSequenceCaution), table.Name));
        }

        if (column is null || strategy is not ChangeStrategy chosen)
        {
            notes.Insert(0, Say(nameof(ExporterMessages.InitReferenceNoChange), rows));
            if (large || looksLikeMovements)
            {
                notes.Add(Say(nameof(ExporterMessages.InitLooksLarge)));
            }

            return new TableSuggestion(table.Name, true, key, TableKind.Reference, null, null, notes);
        }

        if (why is null)
        {
            // A column exists, but a small table of codes or master data is simplest sent whole: say how to switch.
            notes.Insert(0, Say(nameof(ExporterMessages.InitReferenceSmall), rows));
            notes.Add(Say(nameof(ExporterMessages.InitToSendChanges), found ?? ExporterText.Get(nameof(ExporterMessages.InitFoundNumbered), column)));
            notes.Add($"  \"kind\": \"transaction\", \"changeColumn\": \"{column}\", \"strategy\": \"{Name(chosen)}\"");
            if (chosen != ChangeStrategy.Sequence)
            {
                notes.AddRange(IndexNote(table, column, provider));
            }

            return new TableSuggestion(table.Name, true, key, TableKind.Reference, null, null, notes);
        }

        notes.Insert(0, Say(nameof(ExporterMessages.InitTransaction), Name(chosen), why, rows));
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

    // The draft's comments are for the person setting up the site: in the language of this run.
    private static string Say(string key, params object?[] arguments) => ExporterText.Get(key, arguments).Display;

    private static IEnumerable<string> IndexNote(CatalogTable table, string column, IDatabaseProvider provider)
    {
        if (table.IsIndexed(column))
        {
            yield return Say(nameof(ExporterMessages.InitIndexed), column);
            yield break;
        }

        yield return Say(nameof(ExporterMessages.InitNotIndexed), column);
        yield return $"  {CreateIndex(table.Name, column, provider)}";
    }

    private static string CreateIndex(string table, string column, IDatabaseProvider provider)
    {
        // PostgreSQL keeps 63 characters of a name.
        var index = "ix_" + table + "_" + column;
        index = index.Length > 63 ? index[..63] : index;
        return $"CREATE INDEX {provider.QuoteIdentifier(index)} ON {provider.QuoteIdentifier(table)} ({provider.QuoteIdentifier(column)});";
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
