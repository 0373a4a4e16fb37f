using System.Data.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;
using SyncFiles.Common.Providers;

namespace SyncFiles.Exporter.Init;

/// <summary>
/// The text of a commented site.json from a source catalog and the suggestions for its tables:
/// what the operator edits, rather than writes from scratch. It loads with SiteSettings as written.
/// </summary>
public static class SiteConfigDraft
{
    public static string Write(string siteId, string provider, string connectionString, SourceCatalog catalog, IReadOnlyList<TableSuggestion> tables)
    {
        var json = new JsoncWriter();
        json.Comment($"Site configuration for syncfiles-export, written by 'syncfiles-export init' from the {provider} catalog (schema {catalog.Schema}).")
            .Comment("Each suggestion is explained in the comment above it: read them, change what does not fit, then run")
            .Comment("  syncfiles-export run --config <this file>")
            .Comment("Relative paths are taken from this file's folder. docs/configuration.md explains every key.")
            .Open("{")
            .Line($"\"siteId\": {JsoncWriter.Quote(siteId)},");

        json.Comment("The connection string is stored in clear in this file: let only the account that runs the export read it.");
        foreach (var line in CredentialAdvice(provider, connectionString))
        {
            json.Comment(line);
        }

        foreach (var line in SchemaAdvice(provider, catalog))
        {
            json.Comment(line);
        }

        json.Line($"\"source\": {{ \"provider\": {JsoncWriter.Quote(provider)}, \"connectionString\": {JsoncWriter.Quote(connectionString)} }},")
            .Comment("Bundles are published here; take them to head office from this folder.")
            .Line("\"outbox\": \"outbox\",")
            .Comment("The exporter's memory of what it has sent. Never delete, edit or copy it between sites.")
            .Line("\"stateFile\": \".sync_state.json\",")
            .Comment("Each incremental run starts this far before the previous upper bound, so late commits are not missed.")
            .Line("\"overlap\": \"5m\",")
            .Comment("Signed bundles (docs/security.md): make the key pair with")
            .Comment($"  syncfiles-export keygen --site {siteId} --out keys")
            .Comment($"then uncomment the next line and give keys/{siteId}.public.pem to head office.")
            .Comment($"\"signingKey\": \"keys/{siteId}.private.pem\",")
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

    /// <summary>A password in the file, and how to do without one where the database allows it.</summary>
    private static IEnumerable<string> CredentialAdvice(string provider, string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            yield break;
        }

        var hasPassword = builder.ContainsKey("password") || builder.ContainsKey("pwd");
        switch (provider)
        {
            case "sqlserver" when hasPassword:
                yield return "It holds a PASSWORD. Prefer Windows authentication: replace User ID and Password with Integrated Security=true";
                yield return "and run the export as a Windows account that may read the shop database.";
                break;
            case "postgres" when hasPassword:
                yield return "It holds a PASSWORD. Prefer a password file (pgpass: PGPASSFILE, ~/.pgpass, %APPDATA%\\postgresql\\pgpass.conf) or";
                yield return "PGPASSWORD in the environment of the scheduled task, and remove Password here; or Integrated Security=true (Kerberos/SSPI).";
                break;
            case "sqlserver" or "postgres":
                yield return "Use a login that may only read the shop database.";
                break;
        }
    }

    private static IEnumerable<string> SchemaAdvice(string provider, SourceCatalog catalog)
    {
        if (catalog.IsDefaultSchema)
        {
            yield break;
        }

        if (provider == "postgres")
        {
            yield return $"The tables are in schema {catalog.Schema}, which is not first on the search path: Search Path={catalog.Schema} was added.";
        }
        else
        {
            yield return $"WARNING: the tables are in schema {catalog.Schema}, but the exporter looks names up in the login's default schema, then dbo.";
            yield return $"Make {catalog.Schema} the login's default schema: ALTER USER <user> WITH DEFAULT_SCHEMA = [{catalog.Schema}];";
        }
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
