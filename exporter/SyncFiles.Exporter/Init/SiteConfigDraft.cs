using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Providers;
using SyncFiles.Common.Text;
using SyncFiles.Exporter.Text;

namespace SyncFiles.Exporter.Init;

/// <summary>
/// The text of a commented site.json from a source catalog and the suggestions for its tables:
/// what the operator edits, rather than writes from scratch. It loads with SiteSettings as written.
/// </summary>
public static class SiteConfigDraft
{
    public static string Write(string siteId, IDatabaseProvider provider, string connectionString, SourceCatalog catalog, IReadOnlyList<TableSuggestion> tables)
    {
        var json = new JsoncWriter();
        Comment(json, nameof(ExporterMessages.DraftHeading), provider.Name, catalog.Schema);
        json.Open("{")
            .Line($"\"siteId\": {JsoncWriter.Quote(siteId)},");

        Comment(json, nameof(ExporterMessages.DraftConnectionInClear));
        foreach (var line in CredentialAdvice(provider, connectionString))
        {
            json.Comment(line);
        }

        foreach (var line in SchemaAdvice(provider, catalog))
        {
            json.Comment(line);
        }

        json.Line($"\"source\": {{ \"provider\": {JsoncWriter.Quote(provider.Name)}, \"connectionString\": {JsoncWriter.Quote(connectionString)} }},");
        Comment(json, nameof(ExporterMessages.DraftOutbox));
        json.Line("\"outbox\": \"outbox\",");
        Comment(json, nameof(ExporterMessages.DraftStateFile));
        json.Line("\"stateFile\": \".sync_state.json\",");
        Comment(json, nameof(ExporterMessages.DraftOverlap));
        json.Line("\"overlap\": \"5m\",");
        Comment(json, nameof(ExporterMessages.DraftSigning), siteId);
        json.Comment($"\"signingKey\": \"keys/{siteId}.private.pem\",")
            .Open("\"tables\": [");

        var ordered = tables.Where(t => t.Included && t.Kind == TableKind.Reference)
            .Concat(tables.Where(t => t.Included && t.Kind == TableKind.Transaction))
            .Concat(tables.Where(t => !t.Included))
            .ToList();
        var lastIncluded = ordered.FindLastIndex(t => t.Included);
        for (var i = 0; i < ordered.Count; i++)
        {
            var table = ordered[i];
            if (i > 0)
            {
                json.Blank();
            }

            foreach (var note in table.Notes)
            {
                json.Comment(note);
            }

            var entry = Entry(table);
            if (table.Included)
            {
                json.Line(entry + (i < lastIncluded ? "," : string.Empty));
            }
            else
            {
                json.Comment(entry + ",");
            }
        }

        json.Close("]").Close("}");
        return json.ToString();
    }

    private static string Entry(TableSuggestion table)
    {
        var parts = new List<string> { $"\"name\": {JsoncWriter.Quote(table.Name)}", $"\"kind\": \"{Lower(table.Kind)}\"" };
        if (table.Key is not null)
        {
            parts.Add($"\"key\": {JsoncWriter.Array(table.Key)}");
        }

        if (table.ChangeColumn is not null)
        {
            parts.Add($"\"changeColumn\": {JsoncWriter.Quote(table.ChangeColumn)}");
        }

        if (table.Strategy is ChangeStrategy strategy)
        {
            parts.Add($"\"strategy\": \"{Lower(strategy)}\"");
        }

        return "{ " + string.Join(", ", parts) + " }";
    }

    /// <summary>A password in the file, and how to do without one where the database allows it (the provider says).</summary>
    private static IEnumerable<string> CredentialAdvice(IDatabaseProvider provider, string connectionString) =>
        ConnectionStringPassword.IsGiven(connectionString) is { } hasPassword ? provider.SourceCredentialAdvice(hasPassword).SelectMany(Lines) : [];

    private static IEnumerable<string> SchemaAdvice(IDatabaseProvider provider, SourceCatalog catalog) =>
        catalog.IsDefaultSchema ? [] : provider.SchemaAdvice(catalog.Schema).SelectMany(Lines);

    // The draft's comments are for the person setting up the site: in the language of this run,
    // one comment line per line of the message.
    private static string[] Lines(string key, params object?[] arguments) => Lines(ExporterText.Get(key, arguments));

    private static string[] Lines(LocalizedText text) => [.. text.Display.Split('\n').Select(line => line.TrimEnd('\r'))];

    private static void Comment(JsoncWriter json, string key, params object?[] arguments)
    {
        foreach (var line in Lines(key, arguments))
        {
            json.Comment(line);
        }
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
