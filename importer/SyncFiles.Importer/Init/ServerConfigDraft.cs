using System.Data.Common;
using SyncFiles.Common.Bundle;
using SyncFiles.Common.Config;

namespace SyncFiles.Importer.Init;

/// <summary>
/// The text of a commented server.json for the site and tables of a verified bundle. It loads with
/// ServerSettings as written; a target left as a placeholder stops the first run with a clear message.
/// </summary>
public static class ServerConfigDraft
{
    /// <summary>What the target is written as when --provider is not given.</summary>
    public const string Placeholder = "CHANGE_ME";

    public static string Write(string bundleName, Manifest manifest, string? provider, string? connectionString, IReadOnlyList<ServerTableSuggestion> tables, bool signed)
    {
        var json = new JsoncWriter();
        json.Comment($"Head-office configuration for syncfiles-import, written by 'syncfiles-import init' from bundle {bundleName}")
            .Comment($"(site {manifest.SiteId}, {manifest.Tables.Count} tables, verified). Each suggestion is explained in the comment above it.")
            .Comment("Relative paths are taken from this file's folder. docs/configuration.md explains every key.")
            .Open("{");

        if (provider is null)
        {
            json.Comment("TO DO: the central database, for example")
                .Comment("  { \"provider\": \"postgres\", \"connectionString\": \"Host=hq;Database=central;Username=syncfiles_writer\" }")
                .Comment("  { \"provider\": \"sqlserver\", \"connectionString\": \"Server=hq;Database=central;Integrated Security=true;TrustServerCertificate=true\" }")
                .Comment("  { \"provider\": \"sqlite\", \"connectionString\": \"Data Source=central.db\" }");
        }
        else if (connectionString is null)
        {
            json.Comment("TO DO: the connection string of the central database.");
        }
        else
        {
            json.Comment("The connection string is stored in clear in this file: let only the account that runs the import read it.");
            foreach (var line in CredentialAdvice(provider, connectionString))
            {
                json.Comment(line);
            }
        }

        json.Line($"\"target\": {{ \"provider\": {JsoncWriter.Quote(provider ?? Placeholder)}, \"connectionString\": {JsoncWriter.Quote(connectionString ?? (provider is null ? Placeholder : ConnectionPlaceholder(provider)))} }},")
            .Comment("Bundles arrive here (copied by any means); applied ones move to processed, refused ones to quarantine with a .error.txt.")
            .Line("\"inbox\": \"inbox\",")
            .Line("\"processed\": \"processed\",")
            .Line("\"quarantine\": \"quarantine\",")
            .Comment("The sites whose bundles are accepted; a bundle of any other site is quarantined. Add each new shop here.")
            .Open("\"sites\": [")
            .Open("{");
        json.Comment(signed
            ? "This bundle is signed (a .sig lay beside it): uncomment the next line with the site's public key, so unsigned or forged bundles are refused."
            : $"Signed bundles (docs/security.md): the site makes its key pair with 'syncfiles-export keygen --site {manifest.SiteId} --out keys';")
            .Comment(signed ? "The key comes from the site (syncfiles-export keygen); put it beside this file." : "put its public key beside this file and uncomment the next line.")
            .Comment($"\"publicKey\": \"keys/{manifest.SiteId}.public.pem\",")
            .Line($"\"id\": {JsoncWriter.Quote(manifest.SiteId)}")
            .Close("}")
            .Close("],")
            .Comment("The only tables the importer writes to; they must exist at head office (init --create-tables makes those it lacks;")
            .Comment("\"schemaChanges\": \"addColumns\" here or on a table lets the importer add a column a site sends and head office lacks).")
            .Open("\"tables\": [");

        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            if (i > 0)
            {
                json.Blank();
            }

            foreach (var note in table.Notes)
            {
                json.Comment(note);
            }

            var site = table.SiteColumn is null ? string.Empty : $", \"siteColumn\": {JsoncWriter.Quote(table.SiteColumn)}";
            var comma = i < tables.Count - 1 ? "," : string.Empty;
            if (table.IntoCandidates.Count == 0 && table.Columns.Count == 0 && table.AmbiguousColumns.Count == 0)
            {
                json.Line($"{{ \"name\": {JsoncWriter.Quote(table.Name)}{site} }}{comma}");
                continue;
            }

            WriteMapped(json, table, site, comma);
        }

        json.Close("]").Close("}");
        return json.ToString();
    }

    /// <summary>
    /// A table mapped onto central names: "into" and "columns" active for the names that matched one
    /// central name each, commented with the candidates for the ones that matched several.
    /// </summary>
    private static void WriteMapped(JsoncWriter json, ServerTableSuggestion table, string site, string comma)
    {
        json.Open("{");
        var into = table.Into is null ? string.Empty : $", \"into\": {JsoncWriter.Quote(table.Into)}";
        json.Line($"\"name\": {JsoncWriter.Quote(table.Name)}{into}{site},");
        if (table.IntoCandidates.Count > 0)
        {
            json.Comment($"\"into\": {JsoncWriter.Quote(table.IntoCandidates[0])}, (one of {string.Join(", ", table.IntoCandidates)})");
        }

        if (table.Columns.Count > 0 || table.AmbiguousColumns.Count > 0)
        {
            json.Open("\"columns\": {");
            foreach (var (bundle, central) in table.Columns)
            {
                json.Line($"{JsoncWriter.Quote(bundle)}: {JsoncWriter.Quote(central)},");
            }

            foreach (var (bundle, candidates) in table.AmbiguousColumns)
            {
                json.Comment($"{JsoncWriter.Quote(bundle)}: {JsoncWriter.Quote(candidates[0])}, (one of {string.Join(", ", candidates)})");
            }

            json.Close("},");
        }

        json.Close("}" + comma);
    }

    /// <summary>The connection string a sample head office would use, for a provider given without one.</summary>
    public static string ConnectionPlaceholder(string provider) => provider switch
    {
        "sqlite" => "Data Source=central.db",
        "postgres" => $"Host={Placeholder};Database=central;Username=syncfiles_writer",
        _ => $"Server={Placeholder};Database=central;Integrated Security=true;TrustServerCertificate=true",
    };

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

        if (!builder.ContainsKey("password") && !builder.ContainsKey("pwd"))
        {
            yield break;
        }

        yield return provider == "sqlserver"
            ? "It holds a PASSWORD: prefer Integrated Security=true and run the import as a Windows account allowed to write the central tables."
            : "It holds a PASSWORD: prefer a pgpass file or PGPASSWORD in the task's environment, or Integrated Security=true (Kerberos/SSPI).";
    }
}
